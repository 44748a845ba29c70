import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFolderNotifier, NotifierError } from '../src';

describe('LocalFolderNotifier', () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'notifier-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('writes one JSON file per run holding the message body', async () => {
    const folder = join(home, 'notifications');
    const notifier = new LocalFolderNotifier({ folder });
    const body = {
      runId: 'run-1',
      status: 'FAILED',
      cause: { name: 'QualityGateBlocked', message: 'validity 0.8 < 0.97' },
    };
    const { messageId } = await notifier.publish({
      runId: 'run-1',
      status: 'FAILED',
      subject: 'run-1 FAILED',
      body,
    });
    expect(messageId).toBe(join(folder, 'run-1.json'));
    expect(JSON.parse(readFileSync(messageId, 'utf8'))).toEqual(body);
    await notifier.publish({ runId: 'run-2', status: 'SUCCEEDED', subject: 's', body: { runId: 'run-2' } });
    await notifier.publish({ runId: 'run-2', status: 'SUCCEEDED', subject: 's', body: { runId: 'run-2' } });
    expect(readdirSync(folder).sort()).toEqual(['run-1.json', 'run-2.json']);
  });

  it('says where it could not write, and creates nothing', async () => {
    const blocked = join(home, 'blocked');
    writeFileSync(blocked, 'a file, not a folder');
    const error = await new LocalFolderNotifier({ folder: join(blocked, 'notifications') })
      .publish({ runId: 'run-1', status: 'SUCCEEDED', subject: 's', body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifierError);
    expect((error as Error).message).toContain(
      `publishing to ${join(blocked, 'notifications', 'run-1.json')} failed`,
    );

    expect(readdirSync(home)).toEqual(['blocked']);
  });
});
