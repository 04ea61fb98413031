// Small pieces the account pages share: a labelled input with its hint and its error (linked by
// aria-describedby, marked aria-invalid), and the split of a refusal into errors at the fields a
// form has and a message for the rest.
import type { ComponentChildren, Ref } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { enumLabel, t } from '../../i18n';
import { announce, RequiredMark } from '../../ui';
import { ta } from './strings';

export interface InputProps {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  type?: 'text' | 'email' | 'password' | 'date';
  error?: string;
  hint?: string;
  autoComplete?: string;
  inputMode?: 'numeric' | 'text';
  required?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  /** extra class of the wrapping div */
  class?: string;
}

export function Input(props: InputProps) {
  const errId = props.error ? `${props.id}-error` : undefined;
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  const describedBy = [errId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div
      class={`form-field${props.error ? ' has-error' : ''}${props.class ? ` ${props.class}` : ''}`}
    >
      <label for={props.id}>
        {props.label}
        {props.required ? <RequiredMark /> : null}
      </label>
      <input
        id={props.id}
        ref={props.inputRef}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        spellcheck={props.type === 'email' || props.type === 'password' ? false : undefined}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy}
        aria-required={props.required ? 'true' : undefined}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
      {props.error ? (
        <p class="field-error" id={errId}>
          {props.error}
        </p>
      ) : null}
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled field around a control that is not an Input (a select), with its error (id
 * `${id}-error`, which the control names in aria-describedby). */
export function Field(props: {
  id: string;
  label: string;
  error?: string;
  required?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class={`form-field${props.error ? ' has-error' : ''}`}>
      <label for={props.id}>
        {props.label}
        {props.required ? <RequiredMark /> : null}
      </label>
      {props.children}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** A select of users' roles (roles: the ones offered), shown by their labels. */
export function RoleSelect(props: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  roles: readonly string[];
  label?: string;
  error?: string;
}) {
  return (
    <select
      id={props.id}
      value={props.value}
      aria-label={props.label}
      aria-invalid={props.error ? 'true' : undefined}
      aria-describedby={props.error ? `${props.id}-error` : undefined}
      onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
    >
      {props.roles.map((r) => (
        <option key={r} value={r}>
          {enumLabel('users', 'role', r)}
        </option>
      ))}
    </select>
  );
}

/** The e-mail and name of someone invited (ids `${prefix}-email`, `${prefix}-name`). */
export function PersonInputs(props: {
  prefix: string;
  email: string;
  onEmail: (v: string) => void;
  name: string;
  onName: (v: string) => void;
  errors: Record<string, string>;
}) {
  return (
    <>
      <Input
        id={`${props.prefix}-email`}
        type="email"
        label={t('account.email')}
        value={props.email}
        onInput={props.onEmail}
        autoComplete="off"
        error={props.errors.email}
        required
      />
      <Input
        id={`${props.prefix}-name`}
        label={t('account.name')}
        value={props.name}
        onInput={props.onName}
        autoComplete="off"
        error={props.errors.name}
        required
      />
    </>
  );
}

/** A new password, with the policy as its hint, and the same again (id, againId: the inputs'). */
export function NewPasswordInputs(props: {
  id: string;
  againId: string;
  value: string;
  onInput: (v: string) => void;
  again: string;
  onAgain: (v: string) => void;
  error?: string;
  againError?: string;
}) {
  return (
    <>
      <Input
        id={props.id}
        type="password"
        label={ta('password.new')}
        value={props.value}
        onInput={props.onInput}
        autoComplete="new-password"
        error={props.error}
        hint={ta('password.policy')}
      />
      <Input
        id={props.againId}
        type="password"
        label={ta('password.again')}
        value={props.again}
        onInput={props.onAgain}
        autoComplete="new-password"
        error={props.againError}
      />
    </>
  );
}

export interface Refusal {
  /** field → message, for the fields the form shows */
  fields: Record<string, string>;
  /** the rest, for a banner ('' when every error sits at a field) */
  message: string;
}

/**
 * What a refusal says, split for a form whose inputs are `known` (API field name → form field
 * name, so that `password` of the API may be shown at `new_password` of the form).
 */
export function refusal(err: unknown, known: Record<string, string>): Refusal {
  if (!(err instanceof ApiError)) return { fields: {}, message: String(err) };
  if (err.status === 429) {
    const min = Math.max(1, Math.ceil((err.problem.retryAfter ?? 60) / 60));
    return { fields: {}, message: ta('login.throttled', { n: min }) };
  }
  const named = Object.entries(err.fieldErrors());
  if (!named.length) return { fields: {}, message: err.text() };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const [k, m] of named) {
    if (known[k]) fields[known[k]] = m;
    else rest.push(m);
  }
  return { fields, message: rest.join(' · ') };
}

/** Focus the first input of the form whose id is in ids (after the render that shows errors). */
export function focusFirst(ids: string[]): void {
  window.setTimeout(() => {
    for (const id of ids) {
      const el = document.getElementById(id);
      if (el) {
        el.focus();
        return;
      }
    }
  }, 0);
}

/** A section of a page with its heading (h2), linked by id (#id in the URL finds it). */
export function Card(props: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="card account-card" aria-labelledby={`${props.id}-title`} id={props.id}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** A message kept as the way to write it, so that it follows a change of language. */
export type Say = () => string;

/**
 * A form's refusal, kept as the error itself and written in the language of the moment: the
 * server's messages at the fields it names (through `known`), the rest for a banner, and the
 * form's own checks (`local`, e.g. two passwords that differ).
 */
export function useRefusal(known: Record<string, string>) {
  const [err, setErr] = useState<unknown>(null);
  const [local, setLocalState] = useState<Record<string, Say>>({});
  const r = err ? refusal(err, known) : { fields: {} as Record<string, string>, message: '' };
  const fields = { ...r.fields };
  for (const [k, say] of Object.entries(local)) fields[k] = say();
  return {
    fields,
    message: r.message,
    /** a refusal from the server; focuses the input (ids: form field → element id, in the
     * order of the form) of the first field it names */
    set(e: unknown, ids: Record<string, string> = {}) {
      setErr(e);
      setLocalState({});
      const named = refusal(e, known).fields;
      const first = Object.keys(ids).find((k) => named[k]);
      if (first) focusFirst([ids[first]]);
    },
    /** the form's own refusal at field k */
    local(k: string, say: Say, id: string) {
      setErr(null);
      setLocalState({ [k]: say });
      focusFirst([id]);
    },
    clear() {
      setErr(null);
      setLocalState({});
    },
  };
}

/** What an error says, in the language of the moment. */
export function errorText(e: unknown): string {
  return refusal(e, {}).message;
}

/** What an invitation answer says of its delivery (members.c: say_delivery). */
export interface Delivery {
  invited: boolean;
  email: string;
  name: string;
  delivery?: 'email' | 'waiting';
  invite_link?: string;
}

/** The message of an invitation: sent by e-mail only when it was; without a mail server it
 * waits, and the link is there to copy. */
export function deliverySay(who: Delivery): Say {
  return () =>
    !who.invited
      ? ta('members.addedDone', { name: who.name })
      : who.delivery === 'waiting'
        ? ta('members.invitedWaiting', { email: who.email })
        : ta('members.invitedDone', { email: who.email });
}

export function InviteLink(props: { link: string }) {
  const url = new URL(props.link, window.location.origin).href;
  const [copied, setCopied] = useState(false);
  return (
    <div class="invite-link">
      <label for="invite-link">{ta('members.inviteLink')}</label>
      <div class="inline">
        <input
          id="invite-link"
          type="text"
          readOnly
          value={url}
          onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
        />
        <button
          type="button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(url);
            } catch {
              const el = document.getElementById('invite-link') as HTMLInputElement | null;
              el?.select();
              document.execCommand('copy');
            }
            setCopied(true);
            announce(ta('members.copied'));
          }}
        >
          {ta('members.copyLink')}
        </button>
      </div>
      {copied ? <p class="hint">{ta('members.copied')}</p> : null}
    </div>
  );
}
