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

async function main(argv: string[]): Promise<void> {
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

/**
 * `npm run analyze -- <argv>` without its process: runs the command and prints a refusal (its
 * message only, never a stack) on stderr, or a command's help on stdout. cli/analyze.ts is this
 * plus process.exit; tests of messages call it in their own process (a spawned tsx costs 1–2 s).
 * @returns the exit code the process ends with: 0 after help, 1 after a refusal or failure;
 *   undefined when the command ran to its end (the process then exits with `process.exitCode`, 0 unless the command set it)
 * @example await runCli(['fire', '--threshold', 'abc']) // 1, and the refusal on stderr
 */
export async function runCli(argv: string[]): Promise<0 | 1 | undefined> {
  try {
    await main(argv);
    return undefined;
  } catch (err: unknown) {
    if (err instanceof HelpShown) {
      console.log(err.text);
      return 0;
    }
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
}
