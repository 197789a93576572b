import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExtension, readJson, root, scratchDir } from './build.js';

/** What the store packages may ask for; docs/store/permissions.md says why, one line each. */
const permissions = {
  chrome: ['alarms', 'clipboardWrite', 'contextMenus', 'notifications', 'sidePanel', 'storage'],
  firefox: ['alarms', 'clipboardWrite', 'contextMenus', 'notifications', 'storage'],
};
const hostPermissions = ['http://127.0.0.1/*', 'http://localhost/*'];
const optionalHostPermissions = ['http://*/*', 'https://*/*'];
const contentScriptSites = ['https://twitter.com/*', 'https://www.facebook.com/*', 'https://x.com/*'];
/** Firefox's data-collection consent: what goes to the team's server, never "none". */
const dataCollection = { required: ['authenticationInfo', 'personallyIdentifyingInfo', 'websiteActivity', 'websiteContent'] };

interface Manifest {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  optional_permissions?: string[];
  content_scripts?: { matches: string[] }[];
  browser_specific_settings?: { gecko?: { id?: string; data_collection_permissions?: { required?: string[]; optional?: string[] } } };
}

const sorted = (list: string[] | undefined) => [...(list ?? [])].sort();

describe('the store manifests ask only for what Parley uses', () => {
  let outDir: string;
  const manifests: Partial<Record<'chrome' | 'firefox', Manifest>> = {};

  beforeAll(async () => {
    outDir = await scratchDir('manifest');
    for (const browser of ['chrome', 'firefox'] as const) {
      manifests[browser] = await readJson<Manifest>(join(await buildExtension(browser, outDir), 'manifest.json'));
    }
  }, 120_000);
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  for (const browser of ['chrome', 'firefox'] as const) {
    it(`${browser}: permissions, host permissions and content-script sites are the listed ones`, () => {
      const manifest = manifests[browser]!;
      expect(sorted(manifest.permissions)).toEqual(permissions[browser]);
      expect(manifest.optional_permissions ?? []).toEqual([]);
      expect(sorted(manifest.host_permissions)).toEqual(hostPermissions);
      expect(sorted(manifest.optional_host_permissions)).toEqual(optionalHostPermissions);
      expect(sorted(manifest.content_scripts?.flatMap((script) => script.matches))).toEqual(contentScriptSites);
    });
  }

  it('firefox declares the data that leaves the browser, and chrome carries no gecko settings', () => {
    const gecko = manifests.firefox!.browser_specific_settings?.gecko;
    expect(gecko?.id).toBe('parley@parley.app');
    expect(sorted(gecko?.data_collection_permissions?.required)).toEqual(dataCollection.required);
    expect(gecko?.data_collection_permissions?.required).not.toContain('none');
    expect(manifests.chrome!.browser_specific_settings).toBeUndefined();
  });

  it('docs/store/permissions.md gives a reason for every permission and host permission', async () => {
    const doc = await readFile(join(root, 'docs', 'store', 'permissions.md'), 'utf8');
    const asked = new Set([
      ...permissions.chrome,
      ...permissions.firefox,
      ...hostPermissions,
      ...optionalHostPermissions,
      ...contentScriptSites,
      ...dataCollection.required,
    ]);
    for (const name of asked) expect(doc, `${name} has no line in docs/store/permissions.md`).toContain(`\`${name}\``);
  });
});
