/**
 * A tiny browser for tests: fetch with a cookie jar (by name, for one host, as a browser sends cookies whatever the
 * port) that follows redirects by hand, so each hop's cookies are kept. Returns the last response and the URLs passed.
 */
export function createCookieFetch() {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const expired = attributes.some((a) => {
        const [k, v] = a.trim().split('=');
        if (k?.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (k?.toLowerCase() === 'expires') return Date.parse(v ?? '') <= Date.now();
        return false;
      });
      if (expired) jar.delete(name);
      else jar.set(name, pair!.slice(eq + 1).trim());
    }
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  /** One request, its cookies kept; no redirect followed. */
  const once = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() },
    });
    keep(res);
    return res;
  };
  return {
    jar,
    once,
    /** The request, then every redirect (a 303 or 302 turns into a GET), up to 20 hops. */
    async follow(url: string, init: RequestInit = {}): Promise<{ res: Response; visited: string[] }> {
      const visited = [url];
      let res = await once(url, init);
      for (let hops = 0; res.status >= 300 && res.status < 400 && hops < 20; hops++) {
        const next = new URL(res.headers.get('location')!, visited.at(-1)).href;
        visited.push(next);
        res = await once(next);
      }
      return { res, visited };
    },
  };
}
