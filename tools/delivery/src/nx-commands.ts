/**
 * The Nx targets a CI script calls, read from its shell lines: `npx nx affected -t a b`,
 * `npx nx run-many -t a`, `npx nx run project:target`, `nx show projects --with-target t`.
 */
export type NxCall =
  /** Targets run on a set of projects (affected, run-many, or a with-target filter). */
  | { readonly kind: 'targets'; readonly targets: readonly string[]; readonly line: string }
  /** One project's target; the project may be a shell or Actions expression (`$ENVIRONMENT`). */
  | { readonly kind: 'run'; readonly project: string; readonly target: string; readonly line: string };

const NX = /(?:^|[\s;&|(])(?:npx\s+)?nx\s+(.*)$/;

/** Splits a command line into words, dropping quotes (the scripts quote only whole words). */
const words = (text: string): string[] =>
  (text.match(/"[^"]*"|'[^']*'|[^\s]+/g) ?? []).map((w) => w.replace(/^(["'])(.*)\1$/, '$2'));

/** The values of `-t`/`--targets`/`--with-target`…, which may list several targets. */
function targetsAfter(args: readonly string[], flags: readonly string[]): string[] {
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2);
    if (!flags.includes(flag)) continue;
    if (inline !== undefined) targets.push(...inline.split(','));
    else
      for (let j = i + 1; j < args.length && !args[j].startsWith('-'); j++)
        targets.push(...args[j].split(','));
  }
  return targets.filter(Boolean);
}

const TARGET_FLAGS = ['-t', '--target', '--targets'];

function callOf(line: string): NxCall | undefined {
  const match = NX.exec(line);
  if (!match) return undefined;
  const [command, ...args] = words(match[1]);
  if (command === 'affected' || command === 'run-many')
    return { kind: 'targets', targets: targetsAfter(args, TARGET_FLAGS), line };
  if (command === 'show' && args[0] === 'projects')
    return { kind: 'targets', targets: targetsAfter(args, ['--with-target']), line };
  if (command === 'run') {
    const [project, target] = args[0].split(':');
    return { kind: 'run', project, target, line };
  }
  throw new Error(`an nx command the workflow checks do not read: ${line.trim()}`);
}

/** Every Nx call of a `run:` script, in order. Continued lines (`\`) are joined first. */
export function nxCalls(script: string): NxCall[] {
  return script
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .flatMap((line) => {
      const call = callOf(line);
      return call ? [call] : [];
    });
}
