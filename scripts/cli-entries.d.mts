import type { BuildOptions } from 'esbuild';

export declare const cliEntries: readonly BuildOptions[];
export declare const cliCommand: string;
