-- 0050_stage_definitions: the stages of the journey as the support center defines them: their
-- order, names, entry criteria and the stages a company may move on to from each, in force from
-- valid_from (a changed rule does not rewrite the past: an event is judged by the definition in
-- force on its date). A stage event that stands must follow this graph (the same stage again is
-- always allowed: new evidence). The six stages are the directory's (orgs.stage).
CREATE TABLE stage_definitions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    stage          TEXT NOT NULL CHECK (stage IN ('basic-research','rnd','education','clinical','marketing','commercialization')),
    position       INTEGER NOT NULL,
    name_ko        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    entry_criteria TEXT,
    next_stages    TEXT NOT NULL DEFAULT '[]',
    valid_from     TEXT NOT NULL DEFAULT '2000-01-01',
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX stage_definitions_stage ON stage_definitions(stage, valid_from);

-- The graph the module enforced before it was data: one step forward, two when the step skipped
-- is education, or back to any earlier stage.
INSERT INTO stage_definitions (stage, position, name_ko, name_en, entry_criteria, next_stages) VALUES
 ('basic-research', 1, '기초연구', 'Basic research', '기술이전 계약, 원천특허 출원 또는 연구과제 선정', '["rnd"]'),
 ('rnd', 2, '연구개발', 'R&D', '시제품 개발 착수 또는 정부 R&D 과제 선정', '["basic-research","education","clinical"]'),
 ('education', 3, '교육', 'Education', '전문인력 교육과정 운영 또는 이수', '["basic-research","rnd","clinical"]'),
 ('clinical', 4, '임상시험', 'Clinical trials', '식약처 임상시험계획(IND) 승인 또는 임상적 성능시험 개시', '["basic-research","rnd","education","marketing"]'),
 ('marketing', 5, '마케팅', 'Marketing', '품목허가 취득 후 초도 공급 또는 판매 계약', '["basic-research","rnd","education","clinical","commercialization"]'),
 ('commercialization', 6, '사업화', 'Commercialization', '지속적인 매출 또는 해외 유통 계약', '["basic-research","rnd","education","clinical","marketing"]');
