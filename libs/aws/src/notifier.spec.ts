import { notificationMessage, NotifierError, snsSubject, type RunNotification } from '.';

const notification = (overrides: Partial<RunNotification> = {}): RunNotification => ({
  runId: 'run-1',
  status: 'SUCCEEDED',
  subject: 'lakehouse run run-1 SUCCEEDED',
  body: { runId: 'run-1', status: 'SUCCEEDED' },
  ...overrides,
});

describe('notificationMessage', () => {
  it('is the body as JSON', () => {
    expect(notificationMessage('topic', notification())).toBe('{"runId":"run-1","status":"SUCCEEDED"}');
  });

  it('refuses a run id that cannot name a file and a body over the SNS limit, naming the target', () => {
    expect(() => notificationMessage('topic', notification({ runId: '../x' }))).toThrow(
      'publishing to topic failed: the run id "../x" is not 1–128 characters of [A-Za-z0-9_-]',
    );
    const big = notification({ body: { text: 'x'.repeat(262_144) } });
    const error = (() => {
      try {
        notificationMessage('arn:aws:sns:eu-west-1:1:t', big);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NotifierError);
    expect((error as Error).message).toMatch(
      /arn:aws:sns:eu-west-1:1:t failed: the message of run run-1 has 262155 bytes/,
    );
  });
});

describe('snsSubject', () => {
  it('keeps printable ASCII on one line, at most 100 characters', () => {
    expect(snsSubject('run r1 — FAILED\nvalidity 0.8 < 0.97')).toBe('run r1 ? FAILED?validity 0.8 < 0.97');
    expect(snsSubject('x'.repeat(150))).toBe(`${'x'.repeat(97)}...`);
    expect(snsSubject('  ')).toBe('lakehouse run');
  });
});
