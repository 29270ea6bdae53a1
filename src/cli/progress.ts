// A one-line progress indicator for long work, shown only on a terminal; in logs and pipes it stays silent.

export interface Progress {
  update(label: string, done: number, total?: number): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  let shown = false;
  let last = 0;
  return {
    update(label, done, total) {
      const now = Date.now();
      if (total === undefined || done < total) {
        if (now - last < 100) return; // redraw at most ten times a second
      }
      last = now;
      const pct = total ? ` ${Math.floor((100 * done) / Math.max(total, 1))}%` : '';
      stream.write(`\r\x1b[2K${label} ${done}${total ? `/${total}` : ''}${pct}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
