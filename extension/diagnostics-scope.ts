// Whether oslab may put a file's compile problems in the Problems view: the `oslab.diagnostics`
// setting decides, so that C programmers who build with gcc or clang in other folders never see
// a second compiler's opinion of their code. Plain data in, a yes or no out (diagnostics.ts
// gathers the facts from the workspace); nothing here imports `vscode`.

export const DIAGNOSTICS_MODES = ['oslab-folders', 'all', 'off'] as const;
export type DiagnosticsMode = (typeof DIAGNOSTICS_MODES)[number];

/** The setting's value, read defensively: anything unknown means the default. */
export function diagnosticsMode(value: unknown): DiagnosticsMode {
  return DIAGNOSTICS_MODES.find((mode) => mode === value) ?? 'oslab-folders';
}

/** What makes a folder an oslab folder. */
export interface FolderFacts {
  /** The folder's `launch.configurations`, as read from its settings (any shape). */
  readonly launchConfigurations: unknown;
  /** The folder holds a lab: a `labs/` folder or a `lab.json`. */
  readonly hasLab: boolean;
  /** A program in this folder has been run with oslab in this workspace (F5 without launch.json). */
  readonly ranWithOslab: boolean;
}

/** Why a check is wanted: a save, a launch about to start, or the user's explicit command. */
export type CheckTrigger = 'save' | 'launch' | 'command';

export function shouldCheck(mode: DiagnosticsMode, trigger: CheckTrigger, folder: FolderFacts): boolean {
  if (trigger === 'command') return true;
  if (mode === 'off') return false;
  if (trigger === 'launch' || mode === 'all') return true;
  return isOslabFolder(folder);
}

export function isOslabFolder(folder: FolderFacts): boolean {
  return folder.hasLab || folder.ranWithOslab || hasOslabLaunch(folder.launchConfigurations);
}

export function hasOslabLaunch(configurations: unknown): boolean {
  return Array.isArray(configurations) && configurations.some((c: unknown) => typeof c === 'object' && c !== null && 'type' in c && c.type === 'oslab');
}
