// `Desk Team <desk@example.org>` as well as `desk@example.org`, for recipients and the sender. The
// name only ever becomes a display name (nodemailer encodes it); the address is validated apart.

/** The display name and the address of `Name <address>`, or of a bare address (name null). */
export function splitNamedAddress(text: string): { name: string | null; address: string } {
  const named = /^([^<>]*)<([^<>]+)>$/.exec(text.trim());
  if (!named) return { name: null, address: text.trim() };
  const name = named[1]!.trim().replace(/^"(.*)"$/, '$1').trim();
  return { name: name || null, address: named[2]!.trim() };
}

/** What is wrong with a display name, or null: nothing that could break a header or an address list. */
export function displayNameProblem(name: string): string | null {
  if (/[\u0000-\u001f\u007f"\\]/.test(name)) return 'has a display name with quotes, backslashes or control characters';
  if (name.includes(',')) return 'has a comma in its display name (commas separate addresses)';
  return null;
}
