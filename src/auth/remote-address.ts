import { isIPv4, isIPv6 } from 'node:net';

/**
 * The address a per-address limit counts against: an IPv4 address as is (also when it arrives
 * IPv4-mapped, `::ffff:1.2.3.4`), an IPv6 address by its /64, since one host usually holds a whole
 * /64 and could otherwise rotate through it. `request.ip` honours `server.trustProxy`.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(ip)) return ip;
  const address = ip.replace(/%.*$/, '');
  if (!isIPv6(address)) return ip;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, without leading zeros (an embedded IPv4 tail becomes two groups). */
function expandIPv6(address: string): string[] {
  const [head, tail] = address.includes('::') ? address.split('::', 2) : [address, undefined];
  const groups = (text: string | undefined): string[] => (text ? text.split(':').flatMap(ipv4AsGroups) : []);
  const front = groups(head);
  const back = groups(tail);
  const middle = tail === undefined ? [] : new Array<string>(8 - front.length - back.length).fill('0');
  return [...front, ...middle, ...back].map((group) => (parseInt(group, 16) || 0).toString(16));
}

function ipv4AsGroups(part: string): string[] {
  if (!isIPv4(part)) return [part];
  const [a, b, c, d] = part.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
