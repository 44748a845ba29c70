/**
 * Renders the HTML report in a real browser (headless Chromium) and asserts on the DOM it built
 * and on a screenshot: string tests prove what we wrote, this proves what a user's browser makes
 * of it (charts parsed as SVG, hostile names left as text, a page that actually paints).
 *
 * Needs Debian's `chromium` at /usr/bin/chromium (CI installs it). Without it the suite does not
 * pass silently: it reports one loudly named placeholder test and warns, and it fails instead
 * when REQUIRE_CHROMIUM=1.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { QualityReport } from '@lakehouse/contracts';
import { renderQualityHtml } from '../src';
import { demoReport } from './fixtures';

const CHROMIUM = '/usr/bin/chromium';
const NASTY = '<script>alert("x")</script> & co';
const TIMEOUT_MS = 60_000;
const run = promisify(execFile);

/** A fresh profile per launch: a shared one can be locked by a stray process and slow or hang the start. */
async function chromium(dir: string, args: string[]): Promise<string> {
  const profile = mkdtempSync(join(dir, 'profile-'));
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
  ];
  const { stdout } = await run(CHROMIUM, [...flags, ...args], {
    timeout: TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(b.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

const describeChromium = existsSync(CHROMIUM) ? describe : undefined;

if (describeChromium) {
  describeChromium('renderQualityHtml in headless Chromium', () => {
    jest.setTimeout(3 * TIMEOUT_MS);
    let dir: string;
    let page: string;
    let dom: string;
    let report: QualityReport;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'quality-html-'));
      report = demoReport(9, { orders: NASTY, column: 'a&b<i>' });
      page = join(dir, 'report.html');
      writeFileSync(page, renderQualityHtml(report));
      dom = await chromium(dir, ['--dump-dom', `file://${page}`]);
    });

    afterAll(() => {
      const keep = process.env.QUALITY_ARTIFACTS_DIR;
      if (keep && dir) {
        mkdirSync(keep, { recursive: true });
        for (const f of ['report.html', 'report.png'])
          if (existsSync(join(dir, f))) copyFileSync(join(dir, f), join(keep, f));
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('builds one metric-trend chart per metric per dataset, with a point per history run', () => {
      const charts = [
        ...dom.matchAll(/<svg class="chart metric-trend"[^>]*data-points="(\d+)"[^>]*>([\s\S]*?)<\/svg>/g),
      ];
      expect(charts).toHaveLength(3 * 5);
      for (const [, n, body] of charts) {
        expect(Number(n)).toBe(9);
        const points = body!
          .match(/<polyline class="trend-line" points="([^"]+)"/)![1]!
          .trim()
          .split(/\s+/);
        expect(points).toHaveLength(9);
        for (const p of points) expect(p).toMatch(/^\d+(\.\d+)?,\d+(\.\d+)?$/);
        expect(body!.match(/<circle class="point/g)).toHaveLength(9);
        expect(body!.match(/<circle class="point current/g)).toHaveLength(1);
      }
      expect(dom.match(/<svg class="chart score-trend"/g)).toHaveLength(3);
    });

    it('builds the rejects chart of every dataset, with bars where there were rejects', () => {
      expect(dom.match(/<svg class="chart rejects-by-code"/g)).toHaveLength(3);
      const bars = [...dom.matchAll(/<rect class="bar" data-code="([^"]+)"/g)].map((m) => m[1]);
      expect(bars).toEqual(['TYPE', 'RULE', 'NOT_NULL', 'MALFORMED_ROW', 'DUPLICATE']);
      expect(dom).toContain('No rejected rows in this run');
    });

    it('keeps hostile names as text: no script element, the name readable', () => {
      expect(dom).not.toMatch(/<script/i);
      expect(dom).toContain('&lt;script&gt;alert("x")&lt;/script&gt; &amp; co');
      expect(dom).toContain('a&amp;b&lt;i&gt;');
      expect(dom).not.toMatch(/<i>/);
    });

    it('paints a non-trivial 1200×2000 screenshot', async () => {
      const png = join(dir, 'report.png');
      await chromium(dir, [`--screenshot=${png}`, '--window-size=1200,2000', `file://${page}`]);
      expect(existsSync(png)).toBe(true);
      expect(pngSize(png)).toEqual({ width: 1200, height: 2000 });
      // A blank page of this size compresses to a few KB; charts, tables and text take far more.
      expect(statSync(png).size).toBeGreaterThan(50_000);
    });
  });
} else {
  const message = `${CHROMIUM} is not installed: the headless-browser rendering test did NOT run (apt-get install -y chromium to run it).`;
  describe('renderQualityHtml in headless Chromium', () => {
    it(`[SKIPPED: chromium not installed] ${message}`, () => {
      console.warn(message);
      if (process.env.REQUIRE_CHROMIUM === '1') throw new Error(`REQUIRE_CHROMIUM=1 but ${message}`);
    });
  });
}
