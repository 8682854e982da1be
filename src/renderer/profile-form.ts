// The add/edit form. It follows the protocol (SanteDB fields or OAuth 2.0 fields), asks the
// core to validate as the user types, and saves or tests exactly what the form shows, unsaved
// edits included. A rejected save leaves everything as it was and marks the fields at fault.
import type { FieldIssue, ProfileView, SecretName, TokenTrayApi } from '../shared/ipc-contract';

import type { Announcer } from './announcer';
import { failureOf, settle, type Failure } from './api';
import { renderTestFailure, renderTestSuccess } from './connection-result';
import { el, replace } from './dom';
import { applyIssues, type IssueDisplay } from './form-issues';
import {
  draftFromValues,
  endpointPreview,
  isSanteDb,
  valuesFromProfile,
  type FormValues,
} from './profile-draft';
import { buildProfileFields, fillFields, readFields, type ProfileFields } from './profile-fields';
import { buildFormLayout, type FormLayout } from './profile-form-layout';

export interface ProfileFormDeps {
  api: TokenTrayApi;
  announce: Announcer;
  /** The form is finished: saved (with the saved profile) or cancelled. */
  close(saved?: ProfileView): void;
}

export interface ProfileForm {
  element: HTMLElement;
  open(profile: ProfileView | undefined): void;
}

/** Wait this long after the last keystroke before asking the core to validate. */
const VALIDATE_DELAY_MS = 300;

export function createProfileForm(deps: ProfileFormDeps): ProfileForm {
  const controller = new ProfileFormController(deps);
  return { element: controller.layout.form, open: (profile) => controller.open(profile) };
}

class ProfileFormController {
  readonly fields: ProfileFields;
  readonly layout: FormLayout;
  readonly #deps: ProfileFormDeps;
  readonly #display: IssueDisplay = { touched: new Set(), showAll: false };
  #base: FormValues = valuesFromProfile(undefined);
  /** Only the answer to the latest validation request is shown. */
  #validation = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(deps: ProfileFormDeps) {
    this.#deps = deps;
    this.fields = buildProfileFields(deps.api);
    this.layout = buildFormLayout(this.fields);
    this.#listen();
  }

  open(profile: ProfileView | undefined): void {
    this.#base = valuesFromProfile(profile);
    this.#display.touched.clear();
    this.#display.showAll = false;
    this.layout.title.textContent = profile ? `Edit "${profile.name}"` : 'New profile';
    fillFields(this.fields, this.#base);
    for (const name of ['clientSecret', 'deviceSecret', 'certPassphrase'] as SecretName[]) {
      this.fields[name].reset(
        this.#base.stored[name],
        profile?.needsReentry.includes(name) ?? false,
      );
    }
    this.#show([], []);
    replace(this.layout.result, []);
    this.#sync();
    this.fields.name.control.focus();
  }

  #listen(): void {
    const { form, testButton, cancelButton } = this.layout;
    form.addEventListener('input', (event) => this.#edited(event.target));
    form.addEventListener('change', (event) => this.#edited(event.target));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#save();
    });
    testButton.addEventListener('click', () => void this.#test());
    cancelButton.addEventListener('click', () => this.#deps.close());
    const { clientSecret, deviceSecret, certPassphrase, pkcs12Path, certPath, keyPath, caPath } =
      this.fields;
    // Buttons inside these fields change the value without an input event.
    for (const handle of [
      clientSecret,
      deviceSecret,
      certPassphrase,
      pkcs12Path,
      certPath,
      keyPath,
      caPath,
    ]) {
      handle.onChange(() => this.#edited(handle.wrapper));
    }
  }

  #current(): FormValues {
    return readFields(this.fields, this.#base);
  }

  #edited(target: EventTarget | null): void {
    const path = (target as HTMLElement | null)?.closest<HTMLElement>('[data-path]')?.dataset.path;
    if (path) {
      this.#display.touched.add(path);
    }
    this.#sync();
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#validate(), VALIDATE_DELAY_MS);
  }

  #sync(): void {
    const values = this.#current();
    this.layout.toggle(values, isSanteDb(values.protocol));
    const endpoint = endpointPreview(values.serverRoot);
    this.layout.preview.textContent = endpoint
      ? `Token endpoint: ${endpoint}`
      : 'Token endpoint: enter the server root first';
    this.layout.httpWarning.hidden = !values.allowHttp;
  }

  async #validate(): Promise<void> {
    const ticket = ++this.#validation;
    const answer = await settle(() =>
      this.#deps.api.validateProfile(draftFromValues(this.#current())),
    );
    if (ticket !== this.#validation) {
      return;
    }
    if (answer.ok) {
      this.#show([], answer.value.warnings);
    } else {
      this.#show(failureOf(answer)?.issues ?? [], []);
    }
  }

  /** Mark the fields; anything no visible field can show goes to the summary. */
  #show(issues: FieldIssue[], warnings: FieldIssue[], failure?: Failure): void {
    const leftOver = applyIssues(this.fields, issues, warnings, this.#display);
    const lines = leftOver.map((issue) => issue.message);
    if (failure && issues.length === 0) {
      lines.push(failure.message);
    }
    replace(
      this.layout.summary,
      lines.map((line) => el('p', { text: line })),
    );
    this.layout.summary.hidden = lines.length === 0;
  }

  async #test(): Promise<void> {
    const { testButton, result } = this.layout;
    this.#display.showAll = true;
    this.#validation += 1;
    setBusy(testButton, true, 'Testing…');
    replace(result, [el('p', { className: 'muted', text: 'Asking the server for a token…' })]);
    const answer = await settle(() =>
      this.#deps.api.testConnection(draftFromValues(this.#current())),
    );
    setBusy(testButton, false, 'Test connection');

    const failure = failureOf(answer);
    replace(result, [
      answer.ok
        ? renderTestSuccess(answer.value, Date.now())
        : renderTestFailure(failure as Failure),
    ]);
    this.#show(failure?.issues ?? [], []);
  }

  async #save(): Promise<void> {
    const { saveButton, result } = this.layout;
    this.#display.showAll = true;
    this.#validation += 1;
    setBusy(saveButton, true, 'Saving…');
    const answer = await settle(() => this.#deps.api.saveProfile(draftFromValues(this.#current())));
    setBusy(saveButton, false, 'Save');
    if (answer.ok) {
      this.#deps.announce.info(`Profile "${answer.value.name}" saved.`);
      this.#deps.close(answer.value);
      return;
    }

    const failure = failureOf(answer) as Failure;
    this.#show(failure.issues, [], failure);
    replace(result, []);
    focusFirstProblem(this.layout.form);
  }
}

function setBusy(target: HTMLButtonElement, busy: boolean, label: string): void {
  target.disabled = busy;
  target.textContent = label;
  target.setAttribute('aria-busy', String(busy));
}

function focusFirstProblem(form: HTMLElement): void {
  const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  (invalid ?? form.querySelector<HTMLElement>('.form-summary:not([hidden])'))?.focus();
}
