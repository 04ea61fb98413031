-- The program module's demo data: the seed document itself (고양시 「바이오 정밀의료클러스터
-- 조성 추진」, ../shared/seed/), entered as the city would: the program, its five unit projects,
-- the ○ marks of 연도별 추진계획, the one budget line of 연도별 사업비 (150 백만원 of 시비 for the
-- feasibility study in '22.7., in won), the four achievements of 그간 추진사항 (undated in the
-- seed, so left undated), and the two issues with their countermeasures. Nothing here is
-- synthetic. The contacts are in 0004_program.sql.
INSERT INTO pledge_projects (id, name, category, kind, total_cost, total_cost_note, overview, goal, structure,
                      starts_on, ends_on, ongoing, department) VALUES
  (1, '바이오 정밀의료클러스터 조성 추진', '임기 후', 'new', NULL, '향후 사업비 산정',
   '바이오 정밀의료분야의 다양한 기업들이 입주하여 기초연구, 연구개발, 교육, 임상시험, 마케팅, 사업화까지 이루어질 수 있는 클러스터 조성',
   '국내·외 유전공학, 첨단의료기기, AI(인공지능), 빅데이터 기업유치',
   '산학연병 협의체 ⇒ 협력지원센터 건립 ⇒ 입주기업 전주기 지원시스템 구축',
   '2022-07-01', '2026-06-30', 1, '기업지원과');

INSERT INTO unit_projects (id, project_id, name, description, detail_label, detail, note, department,
                           starts_on, ends_on, status, position) VALUES
  (1, 1, '고양 바이오 정밀의료 협력지원센터(공공지원센터) 건립',
   '바이오 정밀의료 클러스터 내 분야별(의료, AI, 빅데이터 등) 입주 기업을 소주기적으로 지원하고, 다양한 주체들과의 협력 플랫폼 마련',
   '도입시설', '투자기관(VC)·협력기관 입주, 혁신기술 보유 창업·벤처기업 입주, 공용실험실, 융합·협력 커뮤니티 공간, R&D 연구소 등',
   NULL, '기업지원과', '2024-01-01', '2026-06-30', 'planned', 1),
  (2, 1, '국내·외 의료기관(기업) 유치',
   '동종업계 내 파급력이 큰 앵커(선도)기업들을 유치하여 전·후방 기업에 대한 투자·협력추진. 대·중소기업간 상생협력 강화',
   '유치업종', 'AI, 빅데이터, ICT 등의 바이오 정밀의료 업종 유치',
   NULL, '기업지원과', '2022-07-01', '2026-06-30', 'active', 2),
  (3, 1, '병원·대학교·연구소 협의체',
   '관내 6개 종합의료기관 및 국제암대학원대학교, 암연구소, 동국대 바이오메디캠퍼스 등 병원·연구소·대학을 중심으로 기초연구, 후보물질 발굴, 임상실험, 사업화, 실증 등의 협력체계 구축',
   NULL, NULL,
   '■ 국립암센터: 항암관련 R&D 및 사업화
■ 백병원: 치료제 안정성 및 유효성 공동연구
■ 동국대병원: 뇌MR 영상데이터 지원
■ 명지병원: 개발제품 전임상, 임상, 유효성 협업
■ 일산병원: 건강보험 빅데이터 분석 지원
■ 차병원: 재생의료분야 협업
■ 동국대 메디캠퍼스, 국제암대학원대학교, 암연구소 : 기초연구, 기술교류, 후보물질 발굴 등',
   '기업지원과', '2022-07-01', '2022-12-31', 'done', 3),
  (4, 1, '바이오 메디컬 전문 VC 유치',
   '클러스터내 성장가능성 높은 기업 발굴 및 투자, 안정적 기술연구 개발 환경 제공, 사업화 촉진 등 기업성장을 위한 재정투자',
   '참여주체', 'VC, 창투사, 금융기관, 중소벤처기업진흥공단, 고양시 펀드 등',
   NULL, '기업지원과', '2024-01-01', '2026-06-30', 'planned', 4),
  (5, 1, '바이오 정밀의료클러스터 구축을 위한 전문인력 양성시스템 구축',
   '혁신주체(입주기업, 대학, 연구기관)의 교육훈련 수요조사를 통해 업종별·수준별 커리큘럼 구성, 시장수요 맞춤형 인력양성 시스템 구축',
   '운영방법', '오픈캠퍼스, 스마트랩, PBL* 등을 구축하여 혁신주체 간 지식공유 확산 및 이론-현장실습 연계형 교육 추진',
   '* PBL(Project-Based Learning) : 문제해결학습의 일환으로 대학-기업간 연계형 교육을 의미',
   '기업지원과', '2024-01-01', '2024-12-31', 'planned', 5);

-- 연도별 추진계획: one row per ○.
INSERT INTO schedule (unit_project_id, label, starts_on, ends_on) VALUES
  (1, '''24', '2024-01-01', '2024-12-31'),
  (1, '''25', '2025-01-01', '2025-12-31'),
  (1, '''26.6.', '2026-01-01', '2026-06-30'),
  (2, '''22.7.', '2022-07-01', '2022-12-31'),
  (2, '''23', '2023-01-01', '2023-12-31'),
  (2, '''24', '2024-01-01', '2024-12-31'),
  (2, '''25', '2025-01-01', '2025-12-31'),
  (2, '''26.6.', '2026-01-01', '2026-06-30'),
  (3, '''22.7.', '2022-07-01', '2022-12-31'),
  (4, '''24', '2024-01-01', '2024-12-31'),
  (4, '''25', '2025-01-01', '2025-12-31'),
  (4, '''26.6.', '2026-01-01', '2026-06-30'),
  (5, '''24', '2024-01-01', '2024-12-31');

-- 연도별 사업비 (단위: 백만원): 바이오컴플렉스 건립 타당성조사 및 기본계획 수립, 시비 150 in '22.7.
-- (the seed's 국비·도비·기타 rows are empty).
INSERT INTO budget_lines (project_id, unit_project_id, item, source, kind, starts_on, ends_on, amount, document) VALUES
  (1, 1, '바이오컴플렉스 건립 타당성조사 및 기본계획 수립', 'city', 'planned', '2022-07-01', '2022-12-31',
   150000000, '바이오 정밀의료클러스터 조성 추진 (연도별 사업비)');

-- 그간 추진사항: the four activities under the seed's heading.
INSERT INTO achievements (project_id, unit_project_id, kind, theme, summary, counterparts, org_id, position) VALUES
  (1, 3, 'mou', '산·학·연·병 오픈 이노베이션(개방형 기술혁신) 구축관련 활동 전개',
   '한국 신약개발연구조합과의(국내 526개 신약개발기업 회원) MOU체결', '["한국신약개발연구조합"]', 10, 1),
  (1, 3, 'meeting', '산·학·연·병 오픈 이노베이션(개방형 기술혁신) 구축관련 활동 전개',
   '바이오 정밀의료클러스터 특화를 위한 관내 병원 간담회 추진(2회)', '["관내 병원"]', NULL, 2),
  (1, 4, 'investor_meeting', '산·학·연·병 오픈 이노베이션(개방형 기술혁신) 구축관련 활동 전개',
   '글로벌 제약사 및 R&D센터 투자를 기반으로 한 국내 연결 투자사 미팅', '["국내 연결 투자사"]', NULL, 3),
  (1, 2, 'attraction', '산·학·연·병 오픈 이노베이션(개방형 기술혁신) 구축관련 활동 전개',
   '바이오(헬스케어) 기업 유치 활동 추진(입주의향서 확보)', '[]', NULL, 4);

-- 쟁점 및 대책: each issue with the countermeasure that answers it.
INSERT INTO program_issues (project_id, issue, detail, countermeasures, status, position) VALUES
  (1, '고양 바이오 메디컬 협력지원센터(공공지원센터) 건립을 위한 국도비 확보 여부',
   '총 사업비 1,200억원(토지·건축비)예상(경기도에 국·도비 예산지원 요청)',
   '정부·경기도 관계부서에 지속적인 협력지원센터 건립비 지원 요청', 'in_progress', 1),
  (1, '바이오의 경우 인천 송도, 충북 오송, 대구 경북, 원주, 판교 외에 경기도 내 고양시와 더불어 10개 시·군이 바이오 사업을 추진(경쟁 구도)',
   NULL, '사업시행자 4자 실무협의체에 속도감 있는 사업 진행 요구', 'open', 2);
