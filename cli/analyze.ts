import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, USAGE, type CliArgs } from './args.ts';
import { prepareOutDir, type OutputKind } from './out-dir.ts';

/** Each command is one file in cli/commands/<name>.ts exporting `run(args)`. */
export interface CliCommand {
  run(args: CliArgs): Promise<void>;
  /** What it writes into --out; checked before it runs, so nothing is overwritten without --force. */
  OUTPUT: OutputKind;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!/^[a-z][a-z0-9-]*$/.test(args.command)) throw new Error(USAGE);
  const file = join(dirname(fileURLToPath(import.meta.url)), 'commands', `${args.command}.ts`);
  if (!existsSync(file)) throw new Error(`没有名为“${args.command}”的命令。\nUnknown command "${args.command}".\n${USAGE}`);
  const mod = (await import(pathToFileURL(file).href)) as CliCommand;
  prepareOutDir(args.command, args.out, mod.OUTPUT ?? { kind: 'project' }, args.force === true);
  await mod.run(args);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
