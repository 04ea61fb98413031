// The import module: one page for operators, a tab of the directory, in a chunk of its own.
import { defineModule } from '../module';

export const imports = defineModule({
  id: 'import',
  load: () => import('./pages'),
  pages: [
    {
      path: '/imports',
      tab: { ko: '가져오기', en: 'Import', operators: true, module: 'directory' },
      lazy: (x, { m }) => <x.ImportPage m={m} />,
    },
  ],
});
