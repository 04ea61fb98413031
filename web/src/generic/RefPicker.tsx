// A reference field at any scale: a combobox (WAI-ARIA APG, list autocomplete) that searches
// the referenced collection on the server as one types — by name, other names and 초성 (the
// list's q goes through the search index), or by a whole 사업자등록번호 (the brn filter) — and
// shows names, never ids. One value (a form's field) or several (a list's facet, shown as chips
// that can be taken back). `only` narrows the choices to what the user may choose (a member
// writes for its own organisation only).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Query, type Row } from '../api/client';
import { model, rowTitle, type Collection } from '../api/openapi';
import { useRefTitle } from '../api/refs';
import { formatBrn } from '../format';
import { formatNumber, lang, t } from '../i18n';
import { Txt } from './values';

export interface Choice {
  id: number;
  title: string;
  /** other names, 사업자등록번호: what tells two alike apart */
  detail?: string;
}

const BRN = /^\d{3}-?\d{2}-?\d{5}$/;
const SHOWN = 20;

function choiceOf(target: Collection | undefined, row: Row): Choice {
  const extra: string[] = [];
  const en = row.name_en ?? row.title_en;
  if (typeof en === 'string' && en) extra.push(en);
  if (Array.isArray(row.aliases) && row.aliases.length)
    extra.push(row.aliases.map(String).join(', '));
  if (typeof row.brn === 'string' && row.brn) extra.push(formatBrn(row.brn));
  return { id: row.id, title: rowTitle(target, row), detail: extra.join(' · ') || undefined };
}

interface Found {
  choices: Choice[];
  /** how many rows match in all */
  total: number;
  /** where the next page starts (null: none) */
  next: string | null;
}

/** A page of the rows of collection that match text (SHOWN of them, in title order), from
 * cursor when given; the total and the next page's cursor say whether there are more. */
async function search(
  collection: string,
  text: string,
  signal: AbortSignal,
  cursor?: string,
): Promise<Found> {
  const target = model()?.collections[collection];
  const q: Query = { limit: SHOWN, cursor };
  const tf = target?.titleField;
  if (tf && target?.byName[tf]?.sort) q.sort = tf;
  const s = text.trim();
  if (s && BRN.test(s) && target?.byName.brn?.filter) q.brn = s.replace(/-/g, '');
  else if (s) q.q = s;
  const a = await api.list(collection, q, signal);
  return {
    choices: a.items.map((r) => choiceOf(target, r)),
    total: typeof a.total === 'number' ? a.total : a.items.length,
    next: a.next_cursor ?? null,
  };
}

/** 로 after a vowel or ㄹ, else 으로: the particle that follows word. */
function ro(word: string): string {
  const c = word.charCodeAt(word.length - 1) - 0xac00;
  if (c < 0 || c > 11171) return '로';
  const fin = c % 28;
  return fin === 0 || fin === 8 ? '로' : '으로';
}

/**
 * What the picker over collection is searched by, as the server matches ?q= and the picker's
 * own 사업자등록번호 filter: the title field; 초성 when the search index answers (it matches
 * them); a searchable e-mail (users); the 사업자등록번호 when the list filters by it.
 */
export function pickerPlaceholder(collection: string): string {
  const c = model()?.collections[collection];
  if (!c) return t('picker.placeholder');
  const ko: string[] = [];
  const en: string[] = [];
  const title = c.byName[c.titleField];
  ko.push(title ? title.labelKo : '이름');
  en.push(title ? title.labelEn.toLowerCase() : 'name');
  if (c.searchIndexed && title && (title.kind === 'text' || title.kind === 'longtext')) {
    ko.push('초성');
    en.push('Korean initials');
  }
  for (const f of c.fields)
    if (f.kind === 'email' && f.search) {
      ko.push(f.labelKo);
      en.push(f.labelEn.toLowerCase());
    }
  if (c.byName.brn?.filter) {
    ko.push('사업자등록번호');
    en.push('business registration number');
  }
  const last = ko[ko.length - 1];
  const koText = `${ko.join(', ')}${ro(last)} 검색`;
  const enText = `Search by ${en.length > 1 ? `${en.slice(0, -1).join(', ')} or ${en[en.length - 1]}` : en[0]}`;
  return lang() === 'en' ? enText : koText;
}

function Chosen(props: { collection: string; id: number; known?: string; onRemove?: () => void }) {
  const title = useRefTitle(props.collection, props.id, props.known) ?? t('list.loading');
  return (
    <li class="chip chip-removable">
      <Txt s={title} />
      {props.onRemove ? (
        <button
          type="button"
          class="chip-remove"
          aria-label={t('picker.remove', { title })}
          onClick={props.onRemove}
        >
          <span aria-hidden="true">×</span>
        </button>
      ) : null}
    </li>
  );
}

export function RefPicker(props: {
  id: string;
  /** the referenced collection */
  collection: string;
  /** the chosen ids */
  value: number[];
  onChange: (ids: number[]) => void;
  multiple?: boolean;
  only?: Choice[];
  /** titles already known (an expanded reference), by id */
  known?: Record<number, string>;
  describedBy?: string;
  invalid?: boolean;
  required?: boolean;
  disabled?: boolean;
  onBlur?: () => void;
  /** how many may be chosen at most (multiple): the box says so once they are */
  max?: number;
}) {
  const { id, collection, value, multiple } = props;
  const single = !multiple ? (value[0] ?? null) : null;
  const singleTitle = useRefTitle(collection, single, single ? props.known?.[single] : undefined);
  const [text, setText] = useState('');
  const [typing, setTyping] = useState(false);
  const [open, setOpen] = useState(false);
  const [choices, setChoices] = useState<Choice[] | null>(null);
  const [active, setActive] = useState(-1);
  const [failed, setFailed] = useState(false);
  const [retry, setRetry] = useState(0);
  // how many match in all, and where the next page starts (server searches only)
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const listId = `${id}-listbox`;

  // the choice just made: its name shows until the reference's own title has loaded
  const [picked, setPicked] = useState<Choice | null>(null);
  // the box shows the chosen name while the user is not typing
  useEffect(() => {
    if (typing || multiple) return;
    const title = singleTitle ?? (picked && picked.id === single ? picked.title : '');
    setText(single ? title : '');
  }, [single, singleTitle, typing, multiple, picked]);

  useEffect(() => {
    if (!open) return undefined;
    if (props.only) {
      const s = text.trim().toLowerCase();
      const list = props.only.filter(
        (c) => !s || !typing || `${c.title} ${c.detail ?? ''}`.toLowerCase().includes(s),
      );
      setChoices(list);
      setActive(list.length ? 0 : -1);
      return undefined;
    }
    const ctl = new AbortController();
    const h = window.setTimeout(
      () => {
        const asked = typing ? text : '';
        search(collection, asked, ctl.signal)
          .then((found) => {
            setChoices(found.choices);
            setTotal(found.total);
            setNext(found.next);
            setQuery(asked);
            setFailed(false);
            setActive(found.choices.length ? 0 : -1);
          })
          .catch((e: unknown) => {
            if (e instanceof DOMException && e.name === 'AbortError') return;
            setFailed(true);
            setChoices([]);
          });
      },
      typing ? 200 : 0,
    );
    return () => {
      window.clearTimeout(h);
      ctl.abort();
    };
  }, [open, text, typing, collection, retry, props.only]);

  /** The next page of the same search, added below the choices shown. */
  const more = () => {
    if (!next) return;
    const ctl = new AbortController();
    search(collection, query, ctl.signal, next)
      .then((found) => {
        setChoices((cur) => [
          ...(cur ?? []),
          ...found.choices.filter((c) => !(cur ?? []).some((x) => x.id === c.id)),
        ]);
        setNext(found.next);
      })
      .catch(() => setFailed(true));
    input.current?.focus();
  };

  const close = () => {
    setOpen(false);
    setActive(-1);
    setTyping(false);
  };
  const choose = (c: Choice) => {
    if (multiple) {
      if (!value.includes(c.id)) props.onChange([...value, c.id]);
      setText('');
      setTyping(false);
      setOpen(false);
      input.current?.focus();
    } else {
      props.onChange([c.id]);
      setPicked(c);
      setText(c.title);
      close();
    }
  };

  const onKey = (e: KeyboardEvent) => {
    const n = choices?.length ?? 0;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else if (n) setActive((a) => (a + 1) % n);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) setOpen(true);
      else if (n) setActive((a) => (a <= 0 ? n - 1 : a - 1));
    } else if (e.key === 'Enter') {
      if (open && choices && active >= 0 && choices[active]) {
        e.preventDefault();
        choose(choices[active]);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        close();
      }
    } else if (e.key === 'Backspace' && multiple && !text && value.length) {
      props.onChange(value.slice(0, -1));
    }
  };

  const full = !!multiple && props.max !== undefined && value.length >= props.max;
  const visible = full ? [] : (choices ?? []).filter((c) => !multiple || !value.includes(c.id));
  const activeId =
    open && active >= 0 && visible[active] ? `${id}-opt-${visible[active].id}` : undefined;
  return (
    <div class={`picker${multiple ? ' picker-multi' : ''}`}>
      {multiple && value.length ? (
        <ul class="chips" aria-label={t('picker.chosen')}>
          {value.map((v) => (
            <Chosen
              key={v}
              collection={collection}
              id={v}
              known={props.known?.[v]}
              onRemove={() => props.onChange(value.filter((x) => x !== v))}
            />
          ))}
        </ul>
      ) : null}
      <input
        ref={input}
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-describedby={[props.describedBy, `${id}-hint`].filter(Boolean).join(' ')}
        aria-invalid={props.invalid ? 'true' : undefined}
        aria-required={props.required ? 'true' : undefined}
        disabled={props.disabled}
        value={text}
        placeholder={
          full
            ? t('picker.full', { n: formatNumber(props.max ?? 0) })
            : pickerPlaceholder(collection)
        }
        readOnly={full}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          setText(v);
          setTyping(true);
          setOpen(true);
          if (!multiple && !v && single !== null && !props.required) props.onChange([]);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onKeyDown={onKey}
        onBlur={() => {
          // a click on an option keeps the focus (mousedown is prevented there)
          close();
          props.onBlur?.();
        }}
      />
      <span id={`${id}-hint`} class="visually-hidden">
        {t('picker.hint')}
      </span>
      <ul
        id={listId}
        role="listbox"
        class="picker-list"
        hidden={!open}
        aria-label={t('picker.choices')}
      >
        {open && choices === null ? (
          <li class="muted" role="presentation">
            {t('list.loading')}
          </li>
        ) : null}
        {visible.map((c, i) => (
          <li
            key={c.id}
            id={`${id}-opt-${c.id}`}
            role="option"
            aria-selected={i === active ? 'true' : 'false'}
            class={i === active ? 'active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(c)}
          >
            <span class="picker-title">
              <Txt s={c.title} />
            </span>
            {c.detail ? (
              <span class="picker-detail muted">
                <Txt s={c.detail} />
              </span>
            ) : null}
          </li>
        ))}
        {open && !props.only && choices !== null && visible.length && total > choices.length ? (
          <li class="picker-more muted" role="presentation">
            {t('picker.more', { shown: formatNumber(choices.length), total: formatNumber(total) })}{' '}
            {next ? (
              <button
                type="button"
                class="link"
                onMouseDown={(e) => e.preventDefault()}
                onClick={more}
              >
                {t('picker.showMore')}
              </button>
            ) : null}
          </li>
        ) : null}
        {open && choices !== null && !visible.length ? (
          <li class="muted" role="presentation">
            {failed ? (
              <>
                {t('picker.failed')}{' '}
                <button
                  type="button"
                  class="link"
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => setRetry((n) => n + 1)}
                >
                  {t('retry')}
                </button>
              </>
            ) : (
              t('picker.none')
            )}
          </li>
        ) : null}
      </ul>
      <span class="visually-hidden" role="status">
        {open && choices !== null ? t('picker.count', { n: formatNumber(visible.length) }) : ''}
      </span>
    </div>
  );
}
