// Prerequisite graph checks: cycle detection for validation, and the set of cyclic edges for compilation
// (a prerequisite on a cycle always fails, so evaluation never recurses forever).

export interface PrerequisiteNode {
  key: string;
  prerequisites: readonly { flagKey: string }[];
}

function edges(flags: readonly PrerequisiteNode[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const flag of flags) {
    if (graph.has(flag.key)) continue;
    const targets = (Array.isArray(flag.prerequisites) ? flag.prerequisites : [])
      .map((p) => p?.flagKey)
      .filter((k): k is string => typeof k === 'string');
    graph.set(flag.key, targets);
  }
  return graph;
}

/** The first prerequisite cycle found, as a path that starts and ends with the same key, or null. */
export function detectPrerequisiteCycle(flags: readonly PrerequisiteNode[]): string[] | null {
  const graph = edges(flags);
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  // Iterative depth-first search so long prerequisite chains cannot overflow the stack.
  for (const root of graph.keys()) {
    if (state.has(root)) continue;
    const stack: { key: string; next: number }[] = [{ key: root, next: 0 }];
    state.set(root, 'visiting');
    path.push(root);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const targets = graph.get(frame.key) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        const seen = state.get(target);
        if (seen === 'visiting') return [...path.slice(path.indexOf(target)), target];
        if (seen === undefined && graph.has(target)) {
          state.set(target, 'visiting');
          path.push(target);
          stack.push({ key: target, next: 0 });
        }
      } else {
        state.set(frame.key, 'done');
        path.pop();
        stack.pop();
      }
    }
  }
  return null;
}

/** Strongly connected component ids (Tarjan); an edge a→b lies on a cycle exactly when both share an id. */
export function prerequisiteComponents(flags: readonly PrerequisiteNode[]): Map<string, number> {
  const graph = edges(flags);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const frames: { key: string; next: number }[] = [{ key: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const targets = graph.get(frame.key) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        if (!graph.has(target)) continue;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          frames.push({ key: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.key, Math.min(low.get(frame.key)!, index.get(target)!));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.key, Math.min(low.get(parent.key)!, low.get(frame.key)!));
      if (low.get(frame.key) === index.get(frame.key)) {
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.set(member, components);
        } while (member !== frame.key);
        components++;
      }
    }
  }
  return component;
}
