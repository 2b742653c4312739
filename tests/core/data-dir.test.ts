import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import os from 'node:os';
import { resolveDataDir, defaultDataDir } from '../../electron/core/dataDir.ts';

test('--data wins over CLAIMDESK_DATA, which wins over the platform default', () => {
  assert.equal(resolveDataDir('/srv/a', { CLAIMDESK_DATA: '/srv/b' }), '/srv/a');
  assert.equal(resolveDataDir(undefined, { CLAIMDESK_DATA: '/srv/b' }), '/srv/b');
  assert.equal(resolveDataDir(undefined, { XDG_DATA_HOME: '/x' }), path.resolve(defaultDataDir({ XDG_DATA_HOME: '/x' })));
});

test('the Linux default is $XDG_DATA_HOME/claimdesk, else ~/.local/share/claimdesk', () => {
  assert.equal(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux'), '/x/claimdesk');
  assert.equal(defaultDataDir({}, 'linux'), path.join(os.homedir(), '.local', 'share', 'claimdesk'));
  // A relative XDG_DATA_HOME is invalid (XDG Base Directory spec) and ignored, not resolved against the current folder.
  assert.equal(defaultDataDir({ XDG_DATA_HOME: 'relx' }, 'linux'), path.join(os.homedir(), '.local', 'share', 'claimdesk'));
});
