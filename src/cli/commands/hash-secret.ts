import type { Command } from 'commander';
import { fail, printJson, printText, USAGE_EXIT } from '../output';

export function registerHashSecret(program: Command): void {
  program
    .command('hash-secret')
    .description("Hash a client secret for a client's secretHash in config/")
    .argument('[secret]', 'the secret; better piped on stdin, which keeps it out of the shell history and the process list')
    .option('--json', 'print {"secretHash": …}')
    .addHelpText('after', '\nExample: printf %s "$CLIENT_SECRET" | oneroster-adapter hash-secret')
    .action(async (given: string | undefined, options: { json?: boolean }) => {
      const secret = given ?? (await readPipedSecret());
      if (secret === '') fail('the secret is empty', USAGE_EXIT);
      const { hashSecret } = await import('../../config/secret-hash');
      const secretHash = await hashSecret(secret);
      if (options.json) printJson({ secretHash });
      else printText(secretHash);
    });
}

/** The secret piped on stdin, without its final line break; a terminal is not waited on. */
async function readPipedSecret(): Promise<string> {
  if (process.stdin.isTTY) fail('give the secret as an argument or pipe it on stdin', USAGE_EXIT);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
