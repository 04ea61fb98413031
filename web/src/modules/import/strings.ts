// The strings of the import page, in Korean and English; they travel with its chunk.
import { localized, type Params } from '../../i18n';

const ko = {
  'import.title': '엑셀·CSV 가져오기',
  'import.lead':
    '협력지원센터가 엑셀로 관리하던 기관·인물·역량 목록을 가져옵니다. 먼저 모든 행을 미리 보고, 오류가 없을 때 한 번에 씁니다. 하나라도 실패하면 아무것도 쓰지 않습니다.',
  'import.operators': '가져오기는 운영자만 할 수 있습니다.',
  'import.collection': '가져올 목록',
  'import.file': '파일',
  'import.fileHint':
    'CSV(UTF-8 또는 엑셀의 “CSV (쉼표로 분리)” CP949)나 XLSX의 첫 번째 시트. 첫 행은 열 이름(예: 기관명, 사업자등록번호, 분야)이고, 빈 칸은 기존 값을 그대로 둡니다.',
  'import.keys':
    '기관은 사업자등록번호, 인물은 이메일, 역량은 기관과 역량명이 같으면 새로 만들지 않고 수정합니다.',
  'import.preview': '미리 보기',
  'import.previewing': '읽는 중…',
  'import.chooseFile': '파일을 고르세요.',
  'import.summary': '미리 보기 결과',
  'import.format': '{format} · {encoding} · 기준 열: {key}',
  'import.creates': '새로 등록',
  'import.updates': '수정',
  'import.unchanged': '변경 없음',
  'import.errorRows': '오류 있는 행',
  'import.errorCount': '오류 {n}건',
  'import.columns': '열 대응',
  'import.column': '파일의 열',
  'import.field': '가져올 항목',
  'import.ignored': '무시',
  'import.reason.unknown': '알 수 없는 열',
  'import.reason.read-only': '읽기 전용 항목',
  'import.reason.duplicate': '같은 항목의 두 번째 열',
  'import.missing': '필수 항목에 해당하는 열이 없습니다: {fields}',
  'import.rows': '행별 결과',
  'import.onlyErrors': '오류가 있는 행만 보기',
  'import.line': '줄',
  'import.action': '처리',
  'import.errors': '오류',
  'import.action.create': '새로 등록',
  'import.action.update': '수정',
  'import.action.unchanged': '변경 없음',
  'import.shown': '처음 {n}행과 오류가 있는 모든 행을 보여 줍니다.',
  'import.fixFirst':
    '오류가 있으면 파일 전체를 가져올 수 없습니다. 고친 파일로 다시 미리 보거나, 유효한 행만 가져오세요.',
  'import.nothing': '쓸 내용이 없습니다.',
  'import.commit': '{n}행 가져오기',
  'import.committing': '쓰는 중…',
  'import.done': '가져왔습니다: 새로 등록 {created}건, 수정 {updated}건, 변경 없음 {unchanged}건.',
  'import.see': '{label} 목록 보기',
  'import.again': '다른 파일 가져오기',
  'import.rejected': '가져오지 못했습니다. 아래 오류를 확인하세요.',
  'import.table': '가져올 행',
  'import.template': '{label} 양식 내려받기 (XLSX)',
  'import.templateHint':
    '양식에는 열 이름, 선택 항목의 목록(유형, 예/아니오)과 회색 예시 행이 들어 있습니다. 예시 행은 그대로 두면 가져오지 않습니다. 값은 화면에 보이는 이름(기업, 예)이나 코드(company, Y) 어느 쪽으로 써도 됩니다.',
  'import.commitValid': '유효한 행만 가져오기 ({n}행)',
  'import.validHint':
    '오류가 있는 {n}행은 빼고 나머지를 한 번에 씁니다. 오류 행은 보고서로 내려받아 고친 뒤 다시 가져오세요.',
  'import.report': '오류 행 보고서 내려받기 (XLSX)',
  'import.reporting': '보고서를 만드는 중…',
  'import.doneRefused':
    '오류가 있는 {n}행은 가져오지 않았습니다. 보고서를 내려받아 고친 뒤 다시 가져오세요.',
  'import.reportName': '가져오기-오류',
} as const;

export type ImportKey = keyof typeof ko;

const en: Record<ImportKey, string> = {
  'import.title': 'Import from Excel or CSV',
  'import.lead':
    'Bring in the lists of organisations, people and capabilities the support center keeps in Excel. Every row is previewed first; when there is no error the whole file is written at once, or nothing is.',
  'import.operators': 'Only operators import.',
  'import.collection': 'List to import',
  'import.file': 'File',
  'import.fileHint':
    'CSV (UTF-8, or CP949 as Korean Excel saves it) or the first sheet of an XLSX workbook. The first row names the columns (e.g. Name, Business registration number, Fields); an empty cell keeps the value there is.',
  'import.keys':
    'An organisation with the same business registration number, a person with the same e-mail, a capability with the same organisation and title is updated, not created again.',
  'import.preview': 'Preview',
  'import.previewing': 'Reading…',
  'import.chooseFile': 'Choose a file.',
  'import.summary': 'Preview',
  'import.format': '{format} · {encoding} · key column: {key}',
  'import.creates': 'To create',
  'import.updates': 'To update',
  'import.unchanged': 'Unchanged',
  'import.errorRows': 'Rows with errors',
  'import.errorCount': '{n} errors',
  'import.columns': 'Columns',
  'import.column': 'Column in the file',
  'import.field': 'Imported as',
  'import.ignored': 'Ignored',
  'import.reason.unknown': 'unknown column',
  'import.reason.read-only': 'read-only field',
  'import.reason.duplicate': 'second column for the same field',
  'import.missing': 'No column gives these required fields: {fields}',
  'import.rows': 'Rows',
  'import.onlyErrors': 'Only rows with errors',
  'import.line': 'Line',
  'import.action': 'Action',
  'import.errors': 'Errors',
  'import.action.create': 'Create',
  'import.action.update': 'Update',
  'import.action.unchanged': 'Unchanged',
  'import.shown': 'The first {n} rows and every row with errors are shown.',
  'import.fixFirst':
    'A file with errors is not imported whole: fix it and preview it again, or import the valid rows only.',
  'import.nothing': 'Nothing to write.',
  'import.commit': 'Import {n} rows',
  'import.committing': 'Writing…',
  'import.done': 'Imported: {created} created, {updated} updated, {unchanged} unchanged.',
  'import.see': 'See the {label}',
  'import.again': 'Import another file',
  'import.rejected': 'Nothing was imported. See the errors below.',
  'import.table': 'Rows to import',
  'import.template': 'Download the {label} template (XLSX)',
  'import.templateHint':
    'The template has the column names, lists of choices (kind, yes/no) and an example row in grey, which is not imported while it is left as it is. Values may be the names the app shows (Company, Yes) or codes (company, Y).',
  'import.commitValid': 'Import the valid rows only ({n})',
  'import.validHint':
    'The {n} rows with errors are left out and the others are written at once. Download the report of those rows, fix them and import it again.',
  'import.report': 'Download the report of rows with errors (XLSX)',
  'import.reporting': 'Making the report…',
  'import.doneRefused':
    '{n} rows with errors were not imported. Download the report, fix them and import it again.',
  'import.reportName': 'import-errors',
};

/** The import string for key in the current language, {name} placeholders filled. */
export function ti(key: ImportKey, params?: Params): string {
  return localized(ko, en, key, params);
}
