// Pages that live in chunks of their own, loaded when one of them is first opened (the account
// pages, the faceted directory, the collaboration board, the import): the shell stays small. A
// chunk is loaded once; after a failure (the network) the next visit tries again.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { Banner, Loading } from '../ui';

export interface Chunk<T> {
  /** the chunk's exports (loads it when needed) */
  load(): Promise<T>;
  /** a page of the chunk, drawn once the chunk is here */
  Route(props: { page: (x: T) => JSX.Element }): JSX.Element;
}

export function chunk<T>(importer: () => Promise<T>): Chunk<T> {
  let value: T | null = null;
  let pending: Promise<T> | null = null;
  const load = (): Promise<T> => {
    pending ??= importer().then(
      (v) => (value = v),
      (e: unknown) => {
        pending = null;
        throw e;
      },
    );
    return pending;
  };
  function Route(props: { page: (x: T) => JSX.Element }) {
    const [pages, setPages] = useState(value);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (!pages)
        load()
          .then(setPages)
          .catch(() => setFailed(true));
    }, []);
    if (failed) return <Banner kind="error">{t('error.network')}</Banner>;
    return pages ? props.page(pages) : <Loading />;
  }
  return { load, Route };
}
