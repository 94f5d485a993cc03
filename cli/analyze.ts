import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, USAGE, type CliArgs } from './args.ts';
import { prepareOutDir, type OutputKind } from './out-dir.ts';
import { HelpShown } from './help.ts';

/** Each command is one file in cli/commands/<name>.ts exporting `run(args)`. */
export interface CliCommand {
  run(args: CliArgs): Promise<void>;
  /** What it writes into --out; checked before it runs, so nothing is overwritten without --force. */
  OUTPUT: OutputKind;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || ['--help', '-h', 'help'].includes(argv[0])) {
    console.log(USAGE);
    console.log('\n每个命令的选项 / each command\'s options: npm run analyze -- <命令 / command> --help');
    return;
  }
  const args = parseArgs(argv);
  if (!/^[a-z][a-z0-9-]*$/.test(args.command)) throw new Error(USAGE);
  const file = join(dirname(fileURLToPath(import.meta.url)), 'commands', `${args.command}.ts`);
  if (!existsSync(file)) throw new Error(`没有名为“${args.command}”的命令。\nUnknown command "${args.command}".\n${USAGE}`);
  const mod = (await import(pathToFileURL(file).href)) as CliCommand;
  const help = 'help' in args.options;
  // --help reads and writes nothing: no output folder made
  if (!help) prepareOutDir(args.command, args.out, mod.OUTPUT ?? { kind: 'project' }, args.force === true);
  await mod.run(args);
  if (help) throw new Error(`${args.command}：没有选项说明。\n${args.command}: no help for its options.\n${USAGE}`);
}

main().catch((err: unknown) => {
  if (err instanceof HelpShown) {
    console.log(err.text);
    process.exit(0);
  }
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
