/**
 * An order-independent fingerprint of a set of sourcedIds: the adapter walks in sourcedId order,
 * the floor in primary-key order, and equal fingerprints say both served the same ids without
 * holding a million of them in memory. Two 32-bit hashes summed (exact below 2^53).
 */
export class IdChecksum {
  private fnv = 0;
  private djb = 0;

  add(id: string): void {
    let fnv = 0x811c9dc5;
    let djb = 5381;
    for (let index = 0; index < id.length; index += 1) {
      const code = id.charCodeAt(index);
      fnv = Math.imul(fnv ^ code, 0x01000193) >>> 0;
      djb = (Math.imul(djb, 33) + code) >>> 0;
    }
    this.fnv += fnv;
    this.djb += djb;
  }

  value(): string {
    return `${this.fnv.toString(16)}-${this.djb.toString(16)}`;
  }
}
