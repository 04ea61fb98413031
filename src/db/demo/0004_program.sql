-- The program module's reference data from the seed (고양시 「바이오 정밀의료클러스터 조성 추진」):
-- the lead department's contacts as the project card lists them.
INSERT INTO contacts (department, title, name, extension, person_id, position) VALUES
  ('기업지원과', '기업지원과장', '김동원', '8075-3570', 1, 1),
  ('기업지원과 기업유치팀', '기업유치팀장', '김성은', '3215', 2, 2),
  ('기업지원과', '담당자', '김복수', '3216', 3, 3);
