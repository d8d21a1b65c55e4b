// Types by inheritance, from the supertypes classes and interfaces declare (symbols.ts `bases`), and the one
// rule the reference graph asks of them: can a value typed as one type run a method defined in another?
// Types are name ids, as everything in the graph: two classes of one name are one type here.

/** Most types one walk visits (a hub class's subclasses): past that, a type is not looked for further. */
const MAX_RELATED_TYPES = 64;

export class TypeFamilies {
  private readonly up = new Map<number, number[]>();
  private readonly down = new Map<number, number[]>();
  private readonly upWalks = new Map<number, readonly number[]>();
  private readonly downWalks = new Map<number, readonly number[]>();

  /** `declared`: each type with the supertypes it declares. */
  constructor(declared: Iterable<{ type: number; bases: readonly number[] }>) {
    const link = (from: Map<number, number[]>, a: number, b: number) => {
      const list = from.get(a);
      if (!list) from.set(a, [b]);
      else if (!list.includes(b)) list.push(b);
    };
    for (const { type, bases } of declared) for (const base of bases) { link(this.up, type, base); link(this.down, base, type); }
  }

  /** Whether the type has a supertype or a subtype at all (most in Go or C have neither). */
  has(type: number): boolean { return this.up.has(type) || this.down.has(type); }
  supertypes(type: number): readonly number[] { return this.walk(type, this.up, this.upWalks); }
  subtypes(type: number): readonly number[] { return this.walk(type, this.down, this.downWalks); }

  /** `type`'s supertypes (or subtypes), transitively, nearest first (a cycle is walked once). */
  private walk(type: number, links: Map<number, number[]>, cache: Map<number, readonly number[]>): readonly number[] {
    let found = cache.get(type);
    if (found) return found;
    const queue = [type];
    visit: for (let i = 0; i < queue.length; i++) {
      for (const next of links.get(queue[i]!) ?? []) {
        if (queue.length > MAX_RELATED_TYPES) break visit;
        if (!queue.includes(next)) queue.push(next);
      }
    }
    cache.set(type, (found = queue.slice(1)));
    return found;
  }

  /**
   * Whether a value typed as `named` can run the method `owner` defines (`defining`: every type defining a method
   * of that name itself): `named` is `owner`; or a subtype inheriting it (no type from `named` up to `owner`
   * overrides it); or a supertype declaring the method (itself or above it: a call through a type is to a method
   * it has — not every `object` or `Exception`) whose call can dispatch to `owner`'s. Never a sibling class.
   */
  runs(named: number, owner: number, defining: ReadonlySet<number>): boolean {
    if (named === owner) return true;
    const below = this.subtypes(owner);
    if (below.includes(named)) return !defining.has(named) && !this.supertypes(named).some((t) => t !== owner && defining.has(t) && below.includes(t));
    return this.supertypes(owner).includes(named) && (defining.has(named) || this.supertypes(named).some((t) => defining.has(t)));
  }
}
