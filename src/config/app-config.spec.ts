import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ClientConfig } from './app-config';

const problems = (client: Record<string, unknown>): string[] =>
  validateSync(plainToInstance(ClientConfig, { id: 'c', secret: { env: 'S' }, ...client }, { exposeDefaultValues: true })).flatMap((error) => Object.keys(error.constraints ?? {}).map((rule) => `${error.property}:${rule}`));

describe('ClientConfig.authMethods', () => {
  it.each([[undefined], [['oauth2']], [['oauth1']], [['oauth1', 'oauth2']]])('accepts %p', (authMethods) => {
    expect(problems({ authMethods })).toEqual([]);
  });

  it.each([
    [[], 'authMethods:arrayNotEmpty'],
    [['oauth1', 'oauth1'], 'authMethods:arrayUnique'],
    [['oauth1', 'PLAINTEXT'], 'authMethods:isIn'],
    ['oauth1', 'authMethods:isArray'],
  ])('refuses %p', (authMethods, problem) => {
    expect(problems({ authMethods })).toContain(problem);
  });
});
