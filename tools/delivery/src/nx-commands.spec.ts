import { nxCalls } from './nx-commands';

describe('nxCalls', () => {
  it('reads the targets of affected and run-many, however they are listed', () => {
    expect(nxCalls('npx nx affected -t lint typecheck test --parallel=2').map((c) => c)).toEqual([
      {
        kind: 'targets',
        targets: ['lint', 'typecheck', 'test'],
        line: 'npx nx affected -t lint typecheck test --parallel=2',
      },
    ]);
    expect(
      nxCalls('nx run-many --targets=build,synth').map((c) => c.kind === 'targets' && c.targets),
    ).toEqual([['build', 'synth']]);
  });

  it('reads a with-target filter inside a command substitution', () => {
    const [call] = nxCalls(
      'echo "list=$(npx nx show projects --affected --with-target plan --json)" >> "$GITHUB_OUTPUT"',
    );
    expect(call).toMatchObject({ kind: 'targets', targets: ['plan'] });
  });

  it('reads project:target, quoted or templated', () => {
    expect(
      nxCalls('npx nx run "$ENVIRONMENT:plan"\nnpx nx run plan-review:review --base-ref="$BASE"'),
    ).toMatchObject([
      { kind: 'run', project: '$ENVIRONMENT', target: 'plan' },
      { kind: 'run', project: 'plan-review', target: 'review' },
    ]);
  });

  it('joins continued lines and ignores comments and other commands', () => {
    expect(nxCalls('npm ci\n# npx nx run not:this\nnpx nx \\\n  affected -t test')).toMatchObject([
      { kind: 'targets', targets: ['test'] },
    ]);
  });

  it('refuses an nx command it cannot read rather than skip it', () => {
    expect(() => nxCalls('npx nx build cli')).toThrow(/do not read: npx nx build cli/);
  });
});
