// The values layer's front door: the contract (api.ts) and the one factory the debug session
// calls. Everything else in this folder is private to the layer.

export * from './api';
export { createValueStore } from './store';
