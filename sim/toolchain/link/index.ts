// The static linker's public entry points: `link(inputs, options)` and its types, plus
// `inputFromBytes` to turn a file's bytes (object or archive) into a link input.

export { link } from './link';
export { inputFromBytes } from './inputs';
export * from './types';
