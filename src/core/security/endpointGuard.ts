// The endpoint (SSRF) guard's policy: which URLs a tool may fetch and which addresses it may connect
// to. A model can be talked (by a web page, a file, an issue) into fetching http://169.254.169.254/ or a
// service on localhost; so only http(s) to public unicast addresses, decided on the address actually
// connected to, after DNS. ipaddr.js classifies the address (its range table covers loopback, private,
// link-local, CGNAT, unique-local, multicast, reserved and the IPv6 forms that embed an IPv4 address).
import ipaddr from 'ipaddr.js';

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** http(s) only, no credentials in the URL. The WHATWG parser already turns `http://2130706433/`, `0x7f.1` or `0177.0.0.1` into `127.0.0.1`. */
export function checkFetchUrl(raw: string, base?: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return { ok: false, reason: `not a valid URL: ${JSON.stringify(raw.slice(0, 200))}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `only http and https URLs can be fetched, not ${url.protocol}` };
  if (url.username || url.password) return { ok: false, reason: 'URLs with a user name or password are not fetched' };
  return { ok: true, url };
}

/** The URL's host as an IP address when it is one (brackets of IPv6 removed), else undefined. */
export function literalAddress(url: URL): string | undefined {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return ipaddr.isValid(host) && (host.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(host)) ? host : undefined;
}

/**
 * Why connecting to this address is refused, or undefined for a public unicast address. Anything that
 * does not parse is refused too: the guard fails closed.
 */
export function blockedAddress(address: string): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return `${address} is not an IP address`;
  }
  const range = parsed.range();
  if (range !== 'unicast') return `${address} is a ${range} address`;
  // IPv6: only global unicast (2000::/3). That also refuses the deprecated IPv4-compatible ::a.b.c.d
  // (which ipaddr.js calls unicast) and anything a future range table might miss.
  if (parsed.kind() === 'ipv6' && !parsed.match(GLOBAL_UNICAST_V6)) return `${address} is not a global unicast address`;
  return undefined;
}
