// The judged queries of the third corpus (corpus.mjs): what a newcomer to the 대구·오송 corridor
// types, in the second set's categories. Written and judged from the rows' text before any tuning
// on this corpus (issue #12, third round). A judgment is "collection/ref:grade" (3: what the query
// is for; 2: clearly relevant; 1: related; anything unjudged counts 0). To add one: pick its
// category, write the query as people type it, and judge every row of the corpus a person would
// be glad to see (grep corpus.mjs for the words and their synonyms).
export const categories = ['two-syllable', 'particles', 'endings', 'compounds', 'choseong', 'ko-en',
  'en-typos', 'ko-typos', 'questions', 'org-partials', 'people'];

const VACCINE = 'tags/vaccine:3 orgs/vaxone:3 capabilities/t-c-vaccine-gmp:3 capabilities/t-c-immuno:3 orgs/microneedle:2 orgs/osongfound:2 needs/t-n-patch-gmp:2 needs/t-n-adjuvant:2 needs/t-n-shingles:2 capabilities/t-c-lnp:1 orgs/bluepeak:1 capabilities/t-c-patch:1 people/t-yunharu:1';
const IMPLANT = 'tags/implant:3 orgs/osteon:3 capabilities/t-c-dental-trial:3 orgs/dentalhosp:2 capabilities/t-c-custom-implant:2 capabilities/t-c-am:2 needs/t-n-implant-trial:2 orgs/jointech:2 orgs/printmed:2 capabilities/t-c-guide:1 needs/t-n-export-cert:1 orgs/bonefill:1';
const MICRONEEDLE = 'orgs/microneedle:3 capabilities/t-c-patch:3 needs/t-n-patch-gmp:2 tags/dds:2 orgs/kdmu:1';
const REHAB_ROBOT = 'tags/rehab:3 orgs/walkbot:3 capabilities/t-c-robot-site:3 needs/t-n-home-robot:2 orgs/osonghosp:2 capabilities/t-c-exo:1 orgs/dgist:1';
const HOME_SLEEP = 'capabilities/t-c-home-sleep:3 orgs/sleepwell:3 tags/sleep:2 capabilities/t-c-psg-data:1 orgs/dgmc:1';

const Q = [
  // two-syllable words
  ['two-syllable', '백신', 'vaccines', VACCINE],
  ['two-syllable', '수면', 'sleep medicine', 'tags/sleep:3 orgs/sleepwell:3 capabilities/t-c-psg-data:3 capabilities/t-c-home-sleep:3 capabilities/t-c-eeg:3 orgs/neurostim:2 needs/t-n-psg-compare:2 needs/t-n-insomnia-trial:2 orgs/dgmc:2 people/t-parkjiun:1 people/t-yoonsulgi:1 orgs/kdmu:1'],
  ['two-syllable', '재활', 'rehabilitation', 'tags/rehab:3 orgs/walkbot:3 capabilities/t-c-robot-site:3 orgs/osonghosp:2 capabilities/t-c-exo:2 orgs/dgist:2 needs/t-n-home-robot:2 needs/t-n-bci:1 people/t-parkjiung:1 needs/t-n-walk-invest:1'],
  ['two-syllable', '합성', 'synthesis of compounds and peptides', 'capabilities/t-c-peptide:3 capabilities/t-c-synth:3 orgs/peptron:3 tags/api:2 orgs/kitrad:1 orgs/chemsyn:1 orgs/bonefill:1'],
  ['two-syllable', '임상', 'clinical trials', 'capabilities/t-c-md-trial:3 orgs/dgmc:3 capabilities/t-c-dental-trial:2 capabilities/t-c-heavyion:2 capabilities/t-c-joint-trial:2 capabilities/t-c-vet-trial:1 needs/t-n-implant-trial:2 needs/t-n-herb-trial:2 needs/t-n-shingles:2 needs/t-n-insomnia-trial:2 needs/t-n-nm-trial:2 people/t-kimseoeon:1'],
  // particles
  ['particles', '임플란트를', 'implants', IMPLANT],
  ['particles', '방사성의약품은', 'radiopharmaceuticals', 'orgs/isotope:3 capabilities/t-c-cyclotron:3 orgs/kitrad:3 tags/radiation:2 needs/t-n-isotope:2 needs/t-n-nm-trial:2 people/t-limjaeyoung:1'],
  ['particles', '동물병원과', 'animal hospitals', 'orgs/animalhosp:3 needs/t-n-vet-partner:2 capabilities/t-c-vet-trial:2 orgs/petbio:1 orgs/vetdx:1'],
  ['particles', '송예은의', 'a person whose name ends in a particle-like syllable', 'people/t-songyeeun:3'],
  ['particles', '마이크로니들로', 'microneedles', MICRONEEDLE],
  // verb and adnominal endings
  ['endings', '보행을 돕는', 'walking assistance', 'orgs/walkbot:3 capabilities/t-c-robot-site:2 tags/rehab:2 needs/t-n-home-robot:2 capabilities/t-c-exo:1 orgs/dgist:1'],
  ['endings', '합성해 주는', 'synthesis services', 'capabilities/t-c-peptide:3 capabilities/t-c-synth:3 orgs/peptron:3 orgs/chemsyn:1 orgs/kmedi:1'],
  ['endings', '수면무호흡을 검사하는', 'sleep apnea testing', HOME_SLEEP],
  ['endings', '분석할 수 있는 한약재', 'herbal ingredient analysis', 'capabilities/t-c-herb-analysis:3 orgs/herbinst:3 orgs/herbpharm:1 tags/natural:1'],
  ['endings', '임상시험을 해 줄', 'clinical trial services', 'capabilities/t-c-md-trial:3 capabilities/t-c-dental-trial:3 capabilities/t-c-vet-trial:2 orgs/dgmc:2 orgs/dentalhosp:2 capabilities/t-c-heavyion:1 capabilities/t-c-joint-trial:2 capabilities/t-c-robot-site:1 orgs/animalhosp:1'],
  ['endings', '전달하는', 'drug delivery', 'orgs/microneedle:3 orgs/nanocarrier:3 capabilities/t-c-lnp:2 capabilities/t-c-patch:2 tags/dds:2 orgs/sustain:2 capabilities/t-c-depot:1'],
  // compounds and spacing
  ['compounds', '마이크로니들패치', 'microneedle patches, typed as one word', 'capabilities/t-c-patch:3 orgs/microneedle:3 needs/t-n-patch-gmp:2'],
  ['compounds', '수면 다원 검사', 'polysomnography, typed spaced', 'capabilities/t-c-psg-data:3 needs/t-n-psg-compare:3 orgs/dgmc:2 orgs/sleepwell:2 tags/sleep:2'],
  ['compounds', '맞춤형인공관절', 'patient-specific joints', 'capabilities/t-c-custom-implant:3 orgs/jointech:3 capabilities/t-c-am:2 orgs/printmed:2 tags/implant:1'],
  ['compounds', '전기 안전 시험', 'electrical safety testing, typed spaced', 'capabilities/t-c-elec-safety:3 capabilities/t-c-emc:3 orgs/certlab:3 needs/t-n-emc:2 tags/mdcert:2 people/t-seominjae:2 orgs/kmedi:1'],
  ['compounds', '원료의약품국산화', 'localising active ingredients', 'needs/t-n-api-local:3 orgs/chemsyn:3'],
  ['compounds', '골이식재동물시험', 'animal studies of bone grafts', 'needs/t-n-ortho-graft:3 orgs/bonefill:2'],
  // 초성
  ['choseong', 'ㅇㅅㅌㅇㅁㄷㅋ', '오스테온메디칼', 'orgs/osteon:3'],
  ['choseong', 'ㄴㄷㄹ', '니들랩', 'orgs/microneedle:3'],
  ['choseong', 'ㅅㅇㅇ', '송예은', 'people/t-songyeeun:3'],
  ['choseong', 'ㅇㅋㅂ', '워크봇', 'orgs/walkbot:3'],
  // Korean <-> English
  ['ko-en', 'implant', 'implants, in English', 'tags/implant:3 capabilities/t-c-am:3 orgs/printmed:3 orgs/osteon:2 orgs/jointech:2 capabilities/t-c-dental-trial:2 capabilities/t-c-custom-implant:2 orgs/dentalhosp:1 capabilities/t-c-biocompat:1 needs/t-n-implant-trial:1'],
  ['ko-en', 'vaccine', 'vaccines, in English', VACCINE],
  ['ko-en', 'veterinary', 'veterinary medicine', 'tags/vet:3 orgs/vetdx:3 capabilities/t-c-vet-dx:3 needs/t-n-vet-dist:2 orgs/petbio:2 capabilities/t-c-vet-trial:2 orgs/animalhosp:2 needs/t-n-vet-partner:1'],
  ['ko-en', '적층제조', 'additive manufacturing, Korean query finding English rows', 'capabilities/t-c-am:3 orgs/printmed:3 tags/print3d:3 orgs/jointech:2 capabilities/t-c-custom-implant:2 capabilities/t-c-guide:1'],
  ['ko-en', 'botanical', 'botanical drugs', 'orgs/greenleaf:3 needs/t-n-herb-std:3 tags/natural:3 orgs/herbpharm:2 orgs/herbinst:2 capabilities/t-c-herb-analysis:2'],
  // English typos
  ['en-typos', 'vacine', 'vaccine, a letter dropped', VACCINE],
  ['en-typos', 'biocompatability', 'biocompatibility, a letter replaced', 'capabilities/t-c-biocompat:3 orgs/certlab:2 tags/mdcert:2'],
  ['en-typos', 'microneedel', 'microneedle, letters swapped', MICRONEEDLE],
  ['en-typos', 'exoskelton', 'exoskeleton, a letter dropped', 'capabilities/t-c-exo:3 orgs/dgist:2 tags/rehab:2 orgs/walkbot:1'],
  // Korean typos, one jamo off (in the first syllable too)
  ['ko-typos', '벡신', '백신, the first syllable off', VACCINE],
  ['ko-typos', '제활로봇', '재활로봇, the first syllable off', REHAB_ROBOT],
  ['ko-typos', '임플랜트', '임플란트', IMPLANT],
  ['ko-typos', '마이크로니둘', '마이크로니들', MICRONEEDLE],
  ['ko-typos', '수면무호홉', '수면무호흡', HOME_SLEEP],
  ['ko-typos', '증입자', '중입자, the first syllable off', 'capabilities/t-c-heavyion:3 orgs/dgmc:3 tags/radiation:2 orgs/kitrad:2'],
  // questions as sentences
  ['questions', '임플란트 임상시험을 해 줄 치과병원이 있나요', 'dental implant trials', 'capabilities/t-c-dental-trial:3 orgs/dentalhosp:3 needs/t-n-implant-trial:1 orgs/osteon:1'],
  ['questions', '펩타이드 원료를 위탁합성할 수 있는 곳', 'contract peptide synthesis', 'capabilities/t-c-peptide:3 orgs/peptron:3 capabilities/t-c-synth:1'],
  ['questions', '의료기기 인허가를 도와주는 컨설팅 회사', 'device regulatory consultants', 'orgs/medtest:3 capabilities/t-c-ra:3 tags/mdcert:1 orgs/certlab:1 needs/t-n-cert-edu:1'],
  ['questions', '집에서 수면무호흡 검사를 받을 수 있나요', 'home sleep apnea test', 'capabilities/t-c-home-sleep:3 orgs/sleepwell:3 needs/t-n-psg-compare:1'],
  ['questions', '반려견 관절염 약을 개발하는 회사', 'veterinary arthritis drugs', 'orgs/petbio:3 needs/t-n-vet-partner:2 tags/vet:1'],
  ['questions', '중입자 치료를 받을 수 있는 병원', 'carbon-ion therapy hospital', 'orgs/dgmc:3 capabilities/t-c-heavyion:3'],
  // organisation-name partials
  ['org-partials', '오스테온', '오스테온메디칼', 'orgs/osteon:3 people/t-baekdoyun:1 people/t-nohjian:1 needs/t-n-implant-trial:1 needs/t-n-export-cert:1'],
  ['org-partials', '첨단의료', '대구첨단의료원 or the 첨단의료산업진흥재단s', 'orgs/dgmc:3 orgs/kmedi:3 orgs/osongfound:2'],
  ['org-partials', '세명', '오송세명병원', 'orgs/osonghosp:3'],
  ['org-partials', '의료기기시험', '한국의료기기시험원', 'orgs/certlab:3'],
  ['org-partials', 'Bluepeak', 'Bluepeak Bio Capital', 'orgs/bluepeak:3 people/t-mark-lee:1'],
  ['org-partials', '한의약', '한국한의약진흥원', 'orgs/herbinst:3'],
  // people
  ['people', '김서은', 'one person (김서연 is another)', 'people/t-kimseoeun:3'],
  ['people', '정이', 'a two-syllable name ending in 이', 'people/t-jungyi:3 people/t-jungyiseo:1'],
  ['people', '한슬', 'a two-syllable name (한슬아 is another)', 'people/t-hanseul:3 people/t-hanseula:1'],
  ['people', '수면기사', 'a job title', 'people/t-yoonsulgi:3'],
  ['people', 'Sophie Kang', 'an English-only person', 'people/t-sophie-kang:3'],
  ['people', '제갈민', 'a two-syllable family name', 'people/t-jegalmin:3'],
];

export const queries = Q.map(([category, q, intent, j]) => ({
  q, category, intent,
  judgments: j.split(/\s+/).map((s) => {
    const m = /^(\w+)\/(.+):([0-3])$/.exec(s);
    if (!m) throw new Error(`bad judgment ${s} in ${q}`);
    return { collection: m[1], ref: m[2], grade: Number(m[3]) };
  }),
}));
