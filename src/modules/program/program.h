/*
 * program: the city's program of the cluster (사업관리): unit projects, the yearly schedule,
 * budgets by source, achievements, issues and countermeasures, and the lead department's
 * contacts, from which the project card is printed.
 */
#ifndef BP_MODULE_PROGRAM_H
#define BP_MODULE_PROGRAM_H

struct resource;
/* entries.c */
extern const struct resource *const program_entries[];

#endif
