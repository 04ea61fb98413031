/*
 * attraction: the city's pipeline of companies and medical institutions it tries to bring into
 * the cluster (국내·외 의료기관(기업) 유치, 앵커기업, 전·후방 기업, 입주의향서, MOU): prospects
 * and the activity log (그간 추진사항), for operators only (docs/attraction.md).
 */
#ifndef BP_MODULE_ATTRACTION_H
#define BP_MODULE_ATTRACTION_H

struct resource;
struct http_req;

/* entries.c: prospects and activities */
extern const struct resource *const attraction_entries[];

/* funnel.c: GET /api/v1/attraction/funnel, the pipeline's figures (operators). */
void api_attraction_funnel(struct http_req *r);

#endif
