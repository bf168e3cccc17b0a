import { compileFlagSet } from './compile';
import type { Segment } from './model';
import { booleanFlag } from './test-fixtures';

describe('segments', () => {
  const included = Array.from({ length: 100_000 }, (_, i) => `member-${i}`);
  const segments: Segment[] = [
    { key: 'big', included, excluded: ['member-7'], rules: [] },
    {
      key: 'staff',
      included: [],
      excluded: [],
      rules: [
        {
          id: 'email',
          conditions: [{ attribute: 'email', operator: 'endsWith', values: ['@switchyard.dev'] }],
        },
      ],
    },
    // Segments referring to each other in a cycle must not recurse forever.
    {
      key: 'loop-a',
      included: ['a-member'],
      excluded: [],
      rules: [{ id: 'r', conditions: [{ attribute: 'key', operator: 'inSegment', values: ['loop-b'] }] }],
    },
    {
      key: 'loop-b',
      included: ['b-member'],
      excluded: [],
      rules: [{ id: 'r', conditions: [{ attribute: 'key', operator: 'inSegment', values: ['loop-a'] }] }],
    },
  ];
  const flag = (segment: string) =>
    booleanFlag(`in-${segment}`, {
      fallthrough: { variation: 'off' },
      rules: [
        {
          id: 'segment',
          conditions: [{ attribute: 'key', operator: 'inSegment', values: [segment] }],
          serve: { variation: 'on' },
        },
      ],
    });

  // Counted, not timed: the key list is read once, when the segment is compiled, and never again per lookup
  // (a scan per evaluation would read it 200,000 times over).
  test('100,000 included keys are read once at compile time, not per lookup', () => {
    let reads = 0;
    const counted = new Proxy(included, {
      get(target, property, receiver) {
        if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
        return Reflect.get(target, property, receiver);
      },
    });
    const set = compileFlagSet({
      environment: 'test',
      version: 1,
      flags: [flag('big')],
      segments: segments.map((s) => (s.key === 'big' ? { ...s, included: counted } : s)),
    });
    let members = 0;
    for (let i = 0; i < 200_000; i++)
      if (set.evaluate('in-big', { key: `member-${i}` }).value === true) members++;
    expect(members).toBe(99_999);
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(included.length);
  });

  test('excluded wins over included', () => {
    const set = compileFlagSet({ environment: 'test', version: 1, flags: [flag('big')], segments });
    expect(set.evaluate('in-big', { key: 'member-7' }).value).toBe(false);
    expect(set.evaluate('in-big', { key: 'member-8' }).value).toBe(true);
  });

  test('segment rules', () => {
    const set = compileFlagSet({ environment: 'test', version: 1, flags: [flag('staff')], segments });
    expect(set.evaluate('in-staff', { key: 'x', email: 'ana@switchyard.dev' }).value).toBe(true);
    expect(set.evaluate('in-staff', { key: 'x', email: 'ana@example.com' }).value).toBe(false);
    expect(set.evaluate('in-staff', { key: 'x' }).value).toBe(false);
  });

  test('cyclic segment references terminate', () => {
    const set = compileFlagSet({ environment: 'test', version: 1, flags: [flag('loop-a')], segments });
    expect(set.evaluate('in-loop-a', { key: 'a-member' }).value).toBe(true);
    expect(set.evaluate('in-loop-a', { key: 'b-member' }).value).toBe(true);
    expect(set.evaluate('in-loop-a', { key: 'stranger' }).value).toBe(false);
  });
});
