// Puts the core's validation issues next to the fields they name. An issue is shown once the
// user has touched its field, or for every field after a save or test; issues for fields the
// form does not show go to the summary, so no rejection is ever silent.
import type { FieldIssue } from '../shared/ipc-contract';

import type { FieldHandle } from './form-fields';
import { issueTargets, type ProfileFields } from './profile-fields';

export interface IssueDisplay {
  /** Paths of the fields the user has edited since the form opened. */
  touched: Set<string>;
  /** After a save or test attempt every issue is shown. */
  showAll: boolean;
}

/** Mark each visible field with its issue or warning; return the issues no visible field took. */
export function applyIssues(
  fields: ProfileFields,
  issues: FieldIssue[],
  warnings: FieldIssue[],
  display: IssueDisplay,
): FieldIssue[] {
  const targets = issueTargets(fields).filter((target) => !isHidden(target.wrapper));
  const placed = new Set<FieldIssue>();

  for (const target of targets) {
    const issue = issues.find((candidate) => candidate.field === target.path);
    const warning = warnings.find((candidate) => candidate.field === target.path);
    const visible = display.showAll || display.touched.has(target.path);
    if (issue) {
      placed.add(issue);
    }
    showOne(target, visible ? issue : undefined, warning);
  }

  return display.showAll ? issues.filter((issue) => !placed.has(issue)) : [];
}

function showOne(
  target: FieldHandle,
  issue: FieldIssue | undefined,
  warning: FieldIssue | undefined,
): void {
  if (issue) {
    target.showIssue(issue.message, 'error');
    // An error inside the collapsed advanced section must not stay out of sight.
    const details = target.wrapper.closest('details');
    if (details) {
      details.open = true;
    }
    return;
  }
  target.showIssue(warning?.message, 'warning');
}

function isHidden(element: HTMLElement): boolean {
  return element.closest('[hidden]') !== null;
}
