/*
 * training: the cluster's training of specialists (전문인력 양성시스템): demand surveys and
 * their answers, the curriculum of courses by field and level, cohorts, enrollments with
 * approval within capacity, attendance and completion certificates, and PBL projects.
 * docs/training.md.
 */
#ifndef BP_MODULE_TRAINING_H
#define BP_MODULE_TRAINING_H

#include "engine/http.h"
#include "engine/resource.h"
#include "modules/training/rules.h"

/* entries.c: surveys, survey-responses, courses, cohorts, enrollments, pbl-projects */
extern const struct resource *const training_entries[];
/* The fields (업종) and levels (수준) of the curriculum, with their labels. */
extern const struct enum_value training_fields[];
extern const struct enum_value training_levels[];

/* api.c: GET /api/v1/surveys/{id}/summary (operators: answers and people by field and level)
 * and GET /api/v1/enrollments/{id}/certificate (the completion certificate as PDF, for whoever
 * may read the enrollment; 409 until it is completed) */
void api_survey_summary(struct http_req *r);
void api_enrollment_certificate(struct http_req *r);

#endif
