// Entry point: mount the shell into #app, and mark (performance.mark 'bpmc:first-content') when
// the first page heading with text is in the document: the time to first meaningful content
// that the browser tests report.
import { render } from 'preact';
import { App } from './shell/App';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  const seen = new MutationObserver(() => {
    const h = document.getElementById('page-title');
    if (h && h.textContent) {
      performance.mark('bpmc:first-content');
      seen.disconnect();
    }
  });
  seen.observe(root, { childList: true, subtree: true, characterData: true });
  root.textContent = '';
  render(<App />, root);
}
