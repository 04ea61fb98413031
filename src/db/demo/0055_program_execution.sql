-- 0055_program_execution: the execution of the seed's one budget line, so that the budget view
-- and the dashboard have a plan and an execution to compare. Demo data ([데모]): the seed gives
-- the plan (시비 150 백만원 in '22.7. for the feasibility study), not what was spent. Executed
-- lines are not on the project card (only planned ones are), so the card stays the seed's.
INSERT INTO budget_lines (project_id, unit_project_id, item, source, kind, starts_on, ends_on, amount, document) VALUES
  (1, 1, '바이오컴플렉스 건립 타당성조사 및 기본계획 수립', 'city', 'executed', '2022-12-20', '2022-12-20',
   138000000, '[데모] 타당성조사 및 기본계획 수립 용역 준공 대금');
