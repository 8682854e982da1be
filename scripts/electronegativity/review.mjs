// Sorts Electronegativity findings into those a reviewed entry explains and those it does not.
// An entry names the check and the file, optionally a piece of the flagged code (`match`), and
// must say why the finding is acceptable.

const MINIMUM_REASON_LENGTH = 20;

function assertValidEntries(reviewed) {
  if (!Array.isArray(reviewed)) {
    throw new Error('electronegativity-reviewed.json: "reviewed" must be a list');
  }
  reviewed.forEach((entry, index) => {
    const where = `electronegativity-reviewed.json reviewed[${index}]`;
    for (const field of ['check', 'file', 'reason']) {
      if (typeof entry[field] !== 'string' || entry[field].trim() === '') {
        throw new Error(`${where}: "${field}" must be a non-empty string`);
      }
    }
    if (entry.reason.trim().length < MINIMUM_REASON_LENGTH) {
      throw new Error(`${where}: the reason must say why ${entry.check} is acceptable`);
    }
    if (entry.match !== undefined && typeof entry.match !== 'string') {
      throw new Error(`${where}: "match" must be a string when present`);
    }
  });
}

/** The fields of a finding worth keeping, with paths in forward slashes. */
export function normaliseFinding(issue) {
  return {
    check: issue.id,
    file: String(issue.file).replaceAll('\\', '/'),
    line: issue.location?.line ?? 0,
    column: issue.location?.column ?? 0,
    severity: issue.severity?.name ?? 'UNKNOWN',
    confidence: issue.confidence?.name ?? 'UNKNOWN',
    description: issue.description ?? '',
    sample: String(issue.sample ?? '').slice(0, 200),
  };
}

const explains = (entry, finding) =>
  entry.check === finding.check &&
  entry.file === finding.file &&
  (entry.match === undefined || finding.sample.includes(entry.match));

/**
 * Returns `{ explained, unexplained, unused }`: explained findings carry the reviewed reason,
 * and `unused` lists entries that matched nothing (left over after a fix, or misspelt).
 */
export function classifyFindings(issues, reviewed) {
  assertValidEntries(reviewed);

  const explained = [];
  const unexplained = [];
  const used = new Set();

  for (const finding of issues.map(normaliseFinding)) {
    const entry = reviewed.find((candidate) => explains(candidate, finding));
    if (entry) {
      used.add(entry);
      explained.push({ ...finding, reason: entry.reason });
    } else {
      unexplained.push(finding);
    }
  }

  return { explained, unexplained, unused: reviewed.filter((entry) => !used.has(entry)) };
}
