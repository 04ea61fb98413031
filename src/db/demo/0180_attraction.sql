-- 0180_attraction: the attraction pipeline's demo (docs/attraction.md).
--
-- REAL: the two activities of the seed's 그간 추진사항 that are the attraction team's own work
-- (고양시 「바이오 정밀의료클러스터 조성 추진」, lines 87–88): the investor meeting built on global
-- pharma and R&D-centre investment, and the bio (healthcare) attraction drive that secured letters
-- of intent. The seed dates neither, names no company, so they stay undated and tied to no
-- prospect (is_synthetic = 0). They are also the program's achievements 3 and 4 (0040_program.sql).
--
-- INVENTED: every prospect below and the activities tied to them are FICTITIOUS
-- (is_synthetic = 1; every note starts with "[데모]"): a pipeline across every stage, three
-- anchor candidates, two dropped with their reasons, one moved in as the synthetic tenant 일산메디텍
-- (org 109, itself invented in 0002_synthetic.sql). Names do not describe real organisations.
INSERT INTO activities (prospect_id, occurred_on, kind, summary, people, is_synthetic) VALUES
  (NULL, NULL, 'investor_meeting', '글로벌 제약사 및 R&D센터 투자를 기반으로 한 국내 연결 투자사 미팅', '국내 연결 투자사', 0),
  (NULL, NULL, 'attraction', '바이오(헬스케어) 기업 유치 활동 추진(입주의향서 확보)', NULL, 0);

INSERT INTO prospects (id, name, name_en, country, fields, kind, is_anchor, size, owner_id, stage,
                       identified_on, expected_move_in, loi_on, mou_on, moved_in_on, drop_reason,
                       dropped_from, upstream_org_ids, downstream_org_ids, org_id, notes, is_synthetic) VALUES
  (1, '노바젠 바이오로직스', 'Novagen Biologics', '미국', '["biologics","drug-discovery"]', 'company', 1, 'global', NULL, 'mou',
   '2025-03-10', '2027-09-01', '2025-11-20', '2026-06-15', NULL, NULL, NULL, '["101"]', '["117"]', NULL,
   '[데모] 글로벌 제약사의 아시아 R&D센터 후보. 앵커기업 후보로 전·후방 기업 연계 협의 중.', 1),
  (2, '헬릭스진 코리아', 'Helixgene Korea', '대한민국', '["genomics","precision-medicine"]', 'company', 1, 'midsize', NULL, 'loi',
   '2025-06-02', '2027-03-01', '2026-09-08', NULL, NULL, NULL, NULL, '[]', '["102"]', NULL,
   '[데모] 유전체 분석 중견기업. 입주의향서 접수, 공용실험실 사용 조건 협의.', 1),
  (3, '메디스캔 로보틱스', 'Mediscan Robotics', '독일', '["medical-robotics","medical-devices"]', 'company', 0, 'sme', NULL, 'loi',
   '2025-09-15', '2027-06-01', '2026-10-30', NULL, NULL, NULL, NULL, '["109"]', '[]', NULL,
   '[데모] 수술 로봇 기업의 한국 지사 설립 검토.', 1),
  (4, '씨엔에이 정밀진단', 'CNA Precision Dx', '대한민국', '["diagnostics","biomarkers"]', 'company', 0, 'startup', NULL, 'meeting',
   '2026-02-11', NULL, NULL, NULL, NULL, NULL, NULL, '[]', '[]', NULL,
   '[데모] 액체생검 진단 스타트업. 대표 면담 완료.', 1),
  (5, '오로라 메디컬센터', 'Aurora Medical Center', '싱가포르', '["clinical-trials","oncology"]', 'hospital', 0, 'institution', NULL, 'meeting',
   '2026-03-04', NULL, NULL, NULL, NULL, NULL, NULL, '[]', '[]', NULL,
   '[데모] 해외 의료기관의 임상시험센터 분원 유치 협의.', 1),
  (6, '뉴럴패스 AI', 'Neuralpath AI', '대한민국', '["ai","medical-imaging"]', 'company', 0, 'startup', NULL, 'contacted',
   '2026-05-20', NULL, NULL, NULL, NULL, NULL, NULL, '[]', '[]', NULL,
   '[데모] 의료영상 AI 기업. 설명회 후 자료 요청.', 1),
  (7, '바이오셀 테라퓨틱스', 'Biocell Therapeutics', '일본', '["cell-therapy","regenerative-medicine"]', 'company', 0, 'sme', NULL, 'contacted',
   '2026-07-01', NULL, NULL, NULL, NULL, NULL, NULL, '[]', '[]', NULL,
   '[데모] 세포치료제 기업. 한국 거점 후보지 비교 중.', 1),
  (8, '데이터헬스 랩스', 'Datahealth Labs', '대한민국', '["healthcare-data","big-data"]', 'company', 0, 'startup', NULL, 'contacted',
   '2026-08-12', NULL, NULL, NULL, NULL, NULL, NULL, '[]', '[]', NULL,
   '[데모] 의료 빅데이터 분석 스타트업.', 1),
  (9, '그린필드 제약', 'Greenfield Pharma', '영국', '["drug-discovery","preclinical"]', 'company', 1, 'large', NULL, 'identified',
   '2026-10-05', NULL, NULL, NULL, NULL, NULL, NULL, '[]', '[]', NULL,
   '[데모] 신약개발 대기업. 앵커기업 후보로 발굴.', 1),
  (10, '웨어러블메드', 'Wearablemed', '대한민국', '["wearables","digital-health"]', 'company', 0, 'startup', NULL, 'identified',
   '2026-11-02', NULL, NULL, NULL, NULL, NULL, NULL, '[]', '[]', NULL,
   '[데모] 웨어러블 생체신호 기기 스타트업.', 1),
  (11, '한국정밀의학연구원', 'Korea Precision Medicine Institute', '대한민국', '["precision-medicine","genomics"]', 'institute', 0, 'institution', NULL, 'identified',
   '2026-11-25', NULL, NULL, NULL, NULL, NULL, NULL, '[]', '[]', NULL,
   '[데모] 민간 연구기관의 분원 설치 의향 확인 예정.', 1),
  (12, '일산메디텍', 'Ilsan Meditech', '대한민국', '["medical-devices","medical-robotics"]', 'company', 0, 'sme', NULL, 'moved_in',
   '2024-04-08', '2025-07-01', '2024-10-14', '2025-02-20', '2025-07-01', NULL, NULL, '[]', '[]', 109,
   '[데모] 유치 파이프라인을 거쳐 입주한 기업(기관 109).', 1),
  (13, '스텔라 다이아그노스틱스', 'Stella Diagnostics', '프랑스', '["diagnostics"]', 'company', 0, 'sme', NULL, 'dropped',
   '2025-04-22', NULL, NULL, NULL, NULL, '본사 방침으로 아시아 거점을 싱가포르로 결정', 'meeting', '[]', '[]', NULL,
   '[데모] 면담 후 중단.', 1),
  (14, '큐브바이오', 'Cubebio', '대한민국', '["bio-materials"]', 'company', 0, 'startup', NULL, 'dropped',
   '2025-08-19', NULL, NULL, NULL, NULL, '자금 사정으로 이전 계획 보류', 'contacted', '[]', '[]', NULL,
   '[데모] 접촉 후 중단.', 1);

INSERT INTO activities (prospect_id, occurred_on, kind, summary, people, stage_from, stage_to, is_synthetic) VALUES
  (1, '2025-04-02', 'stage_change', '단계 변경: 발굴 → 접촉 / Stage: Identified → Contacted', NULL, 'identified', 'contacted', 1),
  (1, '2025-05-14', 'investor_meeting', '[데모] 노바젠 아시아 투자 담당과 국내 연결 투자사 공동 미팅', '유치팀, 국내 연결 투자사', NULL, NULL, 1),
  (1, '2025-05-14', 'stage_change', '단계 변경: 접촉 → 면담 / Stage: Contacted → Meeting', NULL, 'contacted', 'meeting', 1),
  (1, '2025-11-20', 'loi', '단계 변경: 면담 → 입주의향서(LOI) / Stage: Meeting → LOI', NULL, 'meeting', 'loi', 1),
  (1, '2026-06-15', 'mou', '단계 변경: 입주의향서(LOI) → 업무협약(MOU) / Stage: LOI → MOU', NULL, 'loi', 'mou', 1),
  (2, '2025-07-10', 'stage_change', '단계 변경: 발굴 → 접촉 / Stage: Identified → Contacted', NULL, 'identified', 'contacted', 1),
  (2, '2026-03-18', 'visit', '[데모] 헬릭스진 연구소장 협력지원센터 부지 방문', '유치팀, 헬릭스진 연구소장', NULL, NULL, 1),
  (2, '2026-03-18', 'stage_change', '단계 변경: 접촉 → 면담 / Stage: Contacted → Meeting', NULL, 'contacted', 'meeting', 1),
  (2, '2026-09-08', 'loi', '단계 변경: 면담 → 입주의향서(LOI) / Stage: Meeting → LOI', NULL, 'meeting', 'loi', 1),
  (3, '2026-01-20', 'stage_change', '단계 변경: 발굴 → 면담 / Stage: Identified → Meeting', NULL, 'identified', 'meeting', 1),
  (3, '2026-10-30', 'loi', '단계 변경: 면담 → 입주의향서(LOI) / Stage: Meeting → LOI', NULL, 'meeting', 'loi', 1),
  (4, '2026-03-02', 'stage_change', '단계 변경: 발굴 → 접촉 / Stage: Identified → Contacted', NULL, 'identified', 'contacted', 1),
  (4, '2026-04-09', 'meeting', '[데모] 씨엔에이 대표 면담: 공용실험실 장비 수요 확인', '유치팀, 씨엔에이 대표', NULL, NULL, 1),
  (4, '2026-04-09', 'stage_change', '단계 변경: 접촉 → 면담 / Stage: Contacted → Meeting', NULL, 'contacted', 'meeting', 1),
  (5, '2026-05-12', 'stage_change', '단계 변경: 발굴 → 면담 / Stage: Identified → Meeting', NULL, 'identified', 'meeting', 1),
  (6, '2026-06-03', 'event', '[데모] 바이오 정밀의료클러스터 투자설명회 참가', '유치팀', NULL, NULL, 1),
  (6, '2026-06-03', 'stage_change', '단계 변경: 발굴 → 접촉 / Stage: Identified → Contacted', NULL, 'identified', 'contacted', 1),
  (7, '2026-07-22', 'stage_change', '단계 변경: 발굴 → 접촉 / Stage: Identified → Contacted', NULL, 'identified', 'contacted', 1),
  (8, '2026-09-01', 'call', '[데모] 데이터헬스 랩스 대표와 통화: 입주 조건 안내', '유치팀', NULL, NULL, 1),
  (8, '2026-09-01', 'stage_change', '단계 변경: 발굴 → 접촉 / Stage: Identified → Contacted', NULL, 'identified', 'contacted', 1),
  (12, '2024-06-11', 'stage_change', '단계 변경: 발굴 → 면담 / Stage: Identified → Meeting', NULL, 'identified', 'meeting', 1),
  (12, '2024-10-14', 'loi', '단계 변경: 면담 → 입주의향서(LOI) / Stage: Meeting → LOI', NULL, 'meeting', 'loi', 1),
  (12, '2025-02-20', 'mou', '단계 변경: 입주의향서(LOI) → 업무협약(MOU) / Stage: LOI → MOU', NULL, 'loi', 'mou', 1),
  (12, '2025-07-01', 'stage_change', '단계 변경: 업무협약(MOU) → 입주 / Stage: MOU → Moved in', NULL, 'mou', 'moved_in', 1),
  (13, '2025-05-30', 'stage_change', '단계 변경: 발굴 → 면담 / Stage: Identified → Meeting', NULL, 'identified', 'meeting', 1),
  (13, '2025-09-03', 'stage_change', '단계 변경: 면담 → 중단 / Stage: Meeting → Dropped', NULL, 'meeting', 'dropped', 1),
  (14, '2025-09-25', 'stage_change', '단계 변경: 발굴 → 접촉 / Stage: Identified → Contacted', NULL, 'identified', 'contacted', 1),
  (14, '2026-01-13', 'stage_change', '단계 변경: 접촉 → 중단 / Stage: Contacted → Dropped', NULL, 'contacted', 'dropped', 1);
