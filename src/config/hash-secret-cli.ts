import { hashSecret } from './secret-hash';

/**
 * `npm run hash-secret -- <secret>` (or the secret on stdin) prints the scrypt hash to paste into
 * a client's `secretHash` in config/, so plain secrets never need to be stored.
 */
async function main(): Promise<void> {
  const fromArgs = process.argv[2];
  const secret = fromArgs ?? (await readStdin()).trim();
  if (!secret) {
    process.stderr.write('usage: npm run hash-secret -- <secret>   (or pipe the secret on stdin)\n');
    process.exit(2);
  }
  process.stdout.write(`${await hashSecret(secret)}\n`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

void main();
