// Notices when the configuration files change. fs.watch is fast but misses changes on some mounts
// (bind mounts from another OS, Kubernetes ConfigMaps swapped by symlink), so a fingerprint of the
// files' size, mtime and inode decides whether anything really changed; the daemon also compares
// the fingerprint before every job, which catches whatever the watcher missed.
import fs from 'node:fs';
import path from 'node:path';

/** One line per file: its path and what identifies its current content. A folder lists its files. */
export function configFingerprint(targets: string[]): string {
  const lines: string[] = [];
  const describe = (file: string) => {
    try {
      const st = fs.statSync(file);
      if (st.isDirectory()) {
        for (const name of fs.readdirSync(file).sort()) {
          const child = path.join(file, name);
          if (fs.statSync(child).isFile()) describe(child);
        }
        return;
      }
      lines.push(`${file} ${st.size} ${st.mtimeMs} ${st.ino}`);
    } catch {
      lines.push(`${file} missing`);
    }
  };
  for (const t of targets) describe(t);
  return lines.join('\n');
}

export interface ConfigWatcher {
  close(): void;
}

/**
 * Calls `onChange` (debounced) when a watched file or a file in a watched folder changes. Files are
 * watched through their folder, so an editor that saves by writing a new file and renaming it over
 * the old one is still seen.
 */
export function watchConfig(targets: string[], onChange: () => void, options: { debounceMs?: number } = {}): ConfigWatcher {
  const debounceMs = options.debounceMs ?? 300;
  let timer: NodeJS.Timeout | null = null;
  const fire = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, debounceMs);
    timer.unref();
  };
  const watchers: fs.FSWatcher[] = [];
  const dirs = new Map<string, Set<string> | null>();
  for (const t of targets) {
    let isDir = false;
    try {
      isDir = fs.statSync(t).isDirectory();
    } catch {
      // A file that does not exist yet is watched through its folder, so creating it is noticed.
    }
    if (isDir) dirs.set(t, null);
    else {
      const dir = path.dirname(t);
      const names = dirs.get(dir);
      if (names === null) continue;
      dirs.set(dir, (names ?? new Set()).add(path.basename(t)));
    }
  }
  for (const [dir, names] of dirs) {
    try {
      const w = fs.watch(dir, { persistent: false }, (_event, name) => {
        if (names === null || !name || names.has(name.toString())) fire();
      });
      w.on('error', () => w.close());
      watchers.push(w);
    } catch {
      // A folder that cannot be watched is still covered by the fingerprint check before each job.
    }
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
