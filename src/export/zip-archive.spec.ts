import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip } from './testing/read-zip';
import { ZipArchive, ZipWriteError } from './zip-archive';


describe(ZipArchive.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zip-archive-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('streams entries into a temporary file and gives the zip its name only when finished', async () => {
    const target = join(dir, 'district.zip');
    const sut = await ZipArchive.create(target);
    sut.openEntry('users.csv');
    await sut.write('sourcedId\r\n');
    // Far more than a stream buffers: the writes wait for the file instead of piling up.
    const line = `${'x'.repeat(99)}\n`;
    for (let i = 0; i < 20000; i++) await sut.write(line);
    sut.endEntry();
    sut.addText('manifest.csv', 'propertyName,value\r\n');
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^\.district\.zip\.\d+\.\d+\.partial$/)]);
    await sut.finish();
    expect(readdirSync(dir)).toEqual(['district.zip']);
    const entries = await readZip(target);
    expect([...entries.keys()]).toEqual(['users.csv', 'manifest.csv']);
    expect(entries.get('users.csv')).toBe(`sourcedId\r\n${line.repeat(20000)}`);
    expect(entries.get('manifest.csv')).toBe('propertyName,value\r\n');
  });

  it('leaves an existing zip untouched and no temporary file behind when discarded', async () => {
    const target = join(dir, 'district.zip');
    writeFileSync(target, 'the previous export');
    const sut = await ZipArchive.create(target);
    sut.openEntry('users.csv');
    await sut.write('sourcedId\r\nstu-1\r\n');
    sut.discard();
    expect(readdirSync(dir)).toEqual(['district.zip']);
    expect(readFileSync(target, 'utf8')).toBe('the previous export');
  });

  it('replaces an existing zip once the new one is complete', async () => {
    const target = join(dir, 'district.zip');
    writeFileSync(target, 'the previous export');
    const sut = await ZipArchive.create(target);
    sut.addText('manifest.csv', 'propertyName,value\r\n');
    await sut.finish();
    expect([...(await readZip(target)).keys()]).toEqual(['manifest.csv']);
  });

  it('fails with the file named when the directory cannot be written', async () => {
    const target = join(dir, 'missing', 'district.zip');
    await expect(ZipArchive.create(target)).rejects.toThrow(ZipWriteError);
    await expect(ZipArchive.create(target)).rejects.toThrow(`cannot write ${target}`);
  });
});
