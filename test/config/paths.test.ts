import { describe, expect, it } from 'vitest';
import { resolvePaths } from '../../src/config/paths.ts';

describe('resolvePaths', () => {
  it('resolves files against the working folder, flags before the environment before defaults', () => {
    const p = resolvePaths({ feeds: 'mine.yaml' }, { RASID_FEEDS: '/etc/rasid/feeds.yaml', RASID_DB: 'state/r.db' }, '/srv/rasid');
    expect(p).toMatchObject({ feeds: '/srv/rasid/mine.yaml', db: '/srv/rasid/state/r.db', watchlists: '/srv/rasid/watchlists' });
  });

  it.each([
    ['postgres://rasid:pw@db.example.org:5432/rasid?schema=desk'],
    ['postgresql://rasid@127.0.0.1/rasid'],
    ['POSTGRES://rasid@127.0.0.1/rasid'],
  ])('keeps a database URL as it is (%s), from the environment and from --db', (url) => {
    expect(resolvePaths({}, { RASID_DB: url }, '/srv/rasid').db).toBe(url);
    expect(resolvePaths({ db: url }, {}, '/srv/rasid').db).toBe(url);
  });
});
