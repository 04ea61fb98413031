-- 0003_aliases: the other names the seed's real organisations are known by (short forms, former
-- names, English names and acronyms), as people type them into the search box. Only names in
-- public use: the seed document's own short forms (동국대병원, 일산병원, 차병원, 백병원, 동국대 메디캠퍼스,
-- 암연구소), the organisations' published English names and acronyms. Synthetic organisations carry
-- none. Loaded by `bpmc init --demo` after 0001_seed.sql, in the same transaction.
UPDATE orgs SET aliases = '["NCC","National Cancer Center Korea"]' WHERE id = 1;
UPDATE orgs SET aliases = '["동국대병원","동국대 일산병원","동국대일산병원","Dongguk Ilsan Hospital"]' WHERE id = 2;
UPDATE orgs SET aliases = '["일산병원","건보 일산병원","국민건강보험공단 일산병원","NHIS Ilsan Hospital"]' WHERE id = 3;
UPDATE orgs SET aliases = '["명지의료재단 명지병원","Myongji Medical Foundation"]' WHERE id = 4;
UPDATE orgs SET aliases = '["차병원","일산 차병원","차의과학대학교 일산차병원","CHA Hospital","CHA University Ilsan Medical Center"]' WHERE id = 5;
UPDATE orgs SET aliases = '["일산백병원","백병원","Ilsan Paik Hospital","Paik Hospital"]' WHERE id = 6;
UPDATE orgs SET aliases = '["동국대 바이오메디캠퍼스","동국대 메디캠퍼스","동국대 BMC","Dongguk BioMedi Campus"]' WHERE id = 7;
UPDATE orgs SET aliases = '["NCC-GCSP","GCSP","국립암센터 국제암대학원대학교","Graduate School of Cancer Science and Policy"]' WHERE id = 8;
UPDATE orgs SET aliases = '["암연구소","NCC 암연구소","NCC Research Institute"]' WHERE id = 9;
UPDATE orgs SET aliases = '["신약조합","KDRA","한국 신약개발연구조합"]' WHERE id = 10;
UPDATE orgs SET aliases = '["고양시청 기업지원과","Goyang City Hall"]' WHERE id = 11;
UPDATE orgs SET aliases = '["협력지원센터","바이오 정밀의료 협력지원센터","Goyang Bio Support Center"]' WHERE id = 12;
UPDATE orgs SET aliases = '["중진공","중소기업진흥공단","KOSME","SBC"]' WHERE id = 13;
UPDATE orgs SET aliases = '["고양시펀드","Goyang Fund"]' WHERE id = 14;
