#!/usr/bin/env python3
# bench/list-q-cpu.py: the server CPU of uncached GET /api/v1/orgs?q= answers, one server or two
# side by side (bench/RESULTS.md, "List q= at a million rows"). The queries are
# bench/search-scale's shapes with a random limit 5-30, each (q, limit) once, so that neither the
# answer nor the total comes from a cache (start the servers fresh). A request's cost is the
# server's CPU time around it (the sum of /proc/PID/task/*/schedstat), which the machine's load
# moves far less than wall-clock time. Prints p50/p90/p99/max per server; with two, whether any
# answer (total, ids, next_cursor) differs and the fifteen queries the second pays most for.
#
#   bench/list-q-cpu.py PID:PORT[,PID:PORT] N [SEED]
#   e.g. bench/list-q-cpu.py 1234:29801,1240:29802 400 51
import json, random, sys, urllib.request, urllib.parse
ko = "유전체 의료영상 인공지능 빅데이터 신약 세포치료제 유전자치료 디지털 웨어러블 체외진단 바이오마커 임상시험 전임상 독성시험 동물실험 인허가 재생의료 줄기세포 면역항암제 항체 백신 원격의료 수술로봇 초음파 병리 오가노이드 마이크로바이옴 방사성의약품 액체생검 동반진단 보건의료 만성질환 치매 뇌질환 심혈관 당뇨 재활 바이오프린팅 약물전달 엑소좀 건강보험 분석 데이터를 영상 임상 병원과 협력 연구 장비 자문 공동연구 진단".split()
en = ["genome","imaging","diagnostics","big data","drug","cell therapy","gene therapy","therapeutics","wearable","biomarker","clinical trial","preclinical","toxicology","animal","regenerative","stem cell","oncology","antibody","vaccine","telemedicine","surgical","ultrasound","pathology","organoids","microbiome","radiopharma","liquid biopsy","companion","healthcare","dementia","neurology","cardiovascular","diabetes","rehabilitation","bioprinting","nanoparticle","exosomes","insurance","partner","equipment","validation","ai"]
typo = "genme imagng diagnotics theraphy wearabel biomarkr toxicolgy regenrative oncolgy antibdy telemedecine ultrasond patholgy organiods microbiom demetia neurolgy cardiovasculr diabets rehabilitaton bioprintng nanoparticel exosmes insurence equipmnet".split()
names_ko = "한빛 누리 새솔 다온 가람 하늘 온새 미르 푸른 솔빛 진로드 메디큐브 셀로 뉴로 젠바이오 라이프 케어젠 바이오넷 오믹스 큐라 메디젠 아이진 웰니스 넥스트 스마트".split()
dom_ko = "바이오 메디컬 헬스케어 데이터 제약 진단 로보틱스 인공지능 유전체 세포 이미징".split()
names_en = "hanbit nuri saesol daon garam haneul onsae mir pureun solbit jinrod medicube cello neuro genbio caregen bionet omics cura medigen igene wellness prime".split()
dom_en = "bio medical healthcare data pharma diagnostics robotics genomics cell imaging".split()
people = ["김민준","이서연","박도윤","최지우","정하준","강서윤","조예준","윤하은","장시우","임지민","kim","lee min","park do","choi","jung ha","kang seo","hong","song ji"]
cho = "ㅎㅂ ㄴㄹ ㅅㅅ ㅁㄷㅋㅂ ㅇㅈㅈㄷ ㅈㄹㄷ ㅂㅇㅇ ㅇㅈㄱ ㄷㅇ".split()
random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 7)  # the same seed, the same queries
def make():
    r = random.randint(1,100); p = random.choice
    if r <= 25: return p(ko)
    if r <= 35: return p(ko)+" "+p(ko)
    if r <= 50: return p(en)
    if r <= 55:
        w = p(en); return w[:max(3, len(w)-random.randint(0,3))]
    if r <= 63: return p(names_ko)+p(dom_ko)
    if r <= 70: return p(names_en)+" "+p(dom_en)
    if r <= 77: return p(people)
    if r <= 81: return p(cho)
    if r <= 90: return p(typo)
    return p(ko)+" "+p(en)
ports = [x.split(':')[1] for x in sys.argv[1].split(',')]; n = int(sys.argv[2])
import os
pids = {x.split(':')[1]: x.split(':')[0] for x in sys.argv[1].split(',')}
def cpu(pid):
    t=0
    for task in os.listdir(f'/proc/{pid}/task'):
        try: t+=int(open(f'/proc/{pid}/task/{task}/schedstat').read().split()[0])
        except Exception: pass
    return t/1e6
seen=set(); res=[]
while len(res) < n:
    q = make(); lim = random.randint(5,30)
    if (q,lim) in seen: continue
    seen.add((q,lim))
    row=[q,lim]
    for port in ports:
        url=f"http://127.0.0.1:{port}/api/v1/orgs?limit={lim}&q="+urllib.parse.quote(q)
        c0=cpu(pids[port]); body=urllib.request.urlopen(url).read(); dt=cpu(pids[port])-c0
        j=json.loads(body); row += [dt, j['total'], [i['id'] for i in j['items']], j['next_cursor']]
    res.append(row)
for i in range(len(ports)):
    ts=sorted(r[2+4*i] for r in res); print(ports[i], 'p50 %.1f p90 %.1f p99 %.1f max %.1f' % (ts[len(ts)//2], ts[int(len(ts)*.9)], ts[int(len(ts)*.99)], ts[-1]))
if len(ports)==2:
    diff=[r for r in res if r[3:6]!=r[7:10]]
    print('answers differ:', len(diff), [d[0] for d in diff][:5])
    res.sort(key=lambda r: r[6]-r[2], reverse=True)
    for r in res[:15]: print('%-28s lim %2d total %6d  a %7.1f  b %7.1f' % (r[0], r[1], r[3], r[2], r[6]))
