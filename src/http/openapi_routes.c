/*
 * openapi_routes: the OpenAPI text of the route table. Every route of http/routes.c names its
 * operation; the row of that name here says what a client needs to call it: a summary, the
 * long description, query parameters, the request body, the success answer and the problems
 * the handler answers with. What the route table's columns already say is not repeated: path
 * parameters come from the pattern, security from the auth column, and the problems the
 * dispatcher itself answers (401/403 for signed-in routes, 400/413/415 for bodies, 429 for
 * anonymous callers over their address's rate on the API routes open to them) from the auth and
 * body columns, and 503 (with Retry-After: the per-address connection limit, an overload) on
 * every route. The collections' operations are the engine's (engine/openapi.c);
 * their rows here only name them ("{collection}List") and add what the route knows.
 *
 * Schemas, parameters and bodies are JSON written with ' for " so that they read without
 * escapes; no ' may appear inside them. A row that does not parse, an operation no route
 * names, or a route whose operation has no row stops start-up, naming it.
 */
#include "http/openapi_routes.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/resource.h"
#include "http/routes.h"
#include "base/banned.h"

/* --- the shapes the hand-written routes take and answer: components.schemas --- */

/* clang-format off */
static const struct {
    const char *name;
    const char *schema;
} schemas[] = {
    {"Role", "{'type':'string','enum':['operator-admin','operator-staff','org-admin','org-member',"
             "'partner','investor','trainee']}"},
    {"MemberRole", "{'type':'string','enum':['org-admin','org-member','partner','investor','trainee']}"},
    {"Lang", "{'type':'string','enum':['ko','en']}"},
    {"Health", "{'type':'object','required':['status'],'properties':{'status':{'type':'string',"
               "'enum':['ok','ready']}}}"},
    {"User", "{'type':'object','description':'the signed-in user, in the organisation the session works in',"
             "'required':['id','email','name','role','org_id','lang','totp_enabled','totp_required',"
             "'unread','memberships'],'properties':{"
             "'id':{'type':'integer'},'email':{'type':'string','format':'email'},'name':{'type':'string'},"
             "'role':{'$ref':'#/components/schemas/Role'},'org_id':{'type':['integer','null']},"
             "'lang':{'$ref':'#/components/schemas/Lang'},'totp_enabled':{'type':'boolean'},"
             "'totp_required':{'type':'boolean','description':'operator-admins must use a second factor'},"
             "'unread':{'type':'integer','description':'notifications not read yet'},"
             "'memberships':{'type':'array','items':{'type':'object','required':['org_id','org_name','role'],"
             "'properties':{'org_id':{'type':'integer'},'org_name':{'type':'string'},"
             "'role':{'$ref':'#/components/schemas/MemberRole'}}}}}}"},
    {"Session", "{'type':'object','required':['csrf_token','user'],'properties':{"
                "'csrf_token':{'type':['string','null'],'description':'send it as X-CSRF-Token with "
                "every change made with the cookie (null when signed in with a token)'},"
                "'user':{'$ref':'#/components/schemas/User'},"
                "'must_enrol_totp':{'type':'boolean','description':'an operator-admin without a second "
                "factor: the API refuses everything else until it is enrolled'},"
                "'totp_due':{'type':'string','format':'date-time','description':'an operator-admin "
                "without a second factor, before the grace days end: when they end (GET only)'}}}"},
    {"SessionUser", "{'type':'object','required':['user'],'properties':{'user':{'$ref':'#/components/schemas/User'}}}"},
    {"Credentials", "{'type':'object','required':['email','password'],'additionalProperties':false,"
                    "'properties':{'email':{'type':'string','maxLength':254},"
                    "'password':{'type':'string','maxLength':1024,'writeOnly':true},"
                    "'otp':{'type':'string','maxLength':32,'writeOnly':true,'description':'the "
                    "authenticator app code, or a recovery code, when the second factor is on'}}}"},
    {"SessionChange", "{'type':'object','minProperties':1,'additionalProperties':false,'properties':{"
                      "'lang':{'$ref':'#/components/schemas/Lang'},"
                      "'org_id':{'type':'integer','minimum':1,'description':'one of the memberships "
                      "(members signed in with the cookie only)'}}}"},
    {"PasswordChange", "{'type':'object','required':['current_password','new_password'],"
                       "'additionalProperties':false,'properties':{"
                       "'current_password':{'type':'string','maxLength':1024,'writeOnly':true},"
                       "'new_password':{'type':'string','maxLength':1024,'writeOnly':true}}}"},
    {"TotpEnrolment", "{'type':'object','required':['secret','otpauth_uri'],'properties':{"
                      "'secret':{'type':'string','description':'base32'},"
                      "'otpauth_uri':{'type':'string','format':'uri'}}}"},
    {"TotpCode", "{'type':'object','required':['code'],'additionalProperties':false,"
                 "'properties':{'code':{'type':'string','maxLength':16}}}"},
    {"RecoveryCodes", "{'type':'object','required':['recovery_codes'],'properties':{'recovery_codes':"
                      "{'type':'array','minItems':10,'maxItems':10,'items':{'type':'string'}}}}"},
    {"Password", "{'type':'object','required':['password'],'additionalProperties':false,"
                 "'properties':{'password':{'type':'string','maxLength':1024,'writeOnly':true}}}"},
    {"ResetRequest", "{'type':'object','required':['email'],'additionalProperties':false,"
                     "'properties':{'email':{'type':'string','maxLength':254}}}"},
    {"Accepted", "{'type':'object','required':['accepted'],'properties':{'accepted':{'const':true}}}"},
    {"ResetConfirm", "{'type':'object','required':['token','password'],'additionalProperties':false,"
                     "'properties':{'token':{'type':'string','maxLength':200},"
                     "'password':{'type':'string','maxLength':1024,'writeOnly':true}}}"},
    {"Member", "{'type':'object','required':['id','user_id','org_id','name','email','role','active','pending',"
               "'invited','since'],"
               "'properties':{'id':{'type':'integer','description':'the membership (an invitation: "
               "/orgs/{id}/invitations/{inv})'},'user_id':{'type':['integer','null'],'description':'null while "
               "pending: an invitation does not tell whether the e-mail had an account'},"
               "'org_id':{'type':'integer'},'name':{'type':'string','description':'while pending, the name "
               "the inviter gave'},"
               "'email':{'type':'string','format':'email'},'role':{'$ref':'#/components/schemas/MemberRole'},"
               "'active':{'type':'boolean'},'pending':{'type':'boolean','description':'invited, not "
               "accepted yet: no access until then'},'invited':{'type':'boolean','description':'pending, "
               "or has not chosen a password yet'},'since':{'type':'string','format':'date-time'},"
               "'delivery':{'type':'string','enum':['email','waiting'],'description':'an invitation: "
               "its link is e-mailed (email), or waits in the outbox without a mail server (waiting)'},"
               "'invite_link':{'type':'string','description':'with delivery waiting: the link to hand "
               "over to the person'}}}"},
    {"Invitation", "{'type':'object','required':['org_id','org_name','role','since'],'properties':{"
                   "'org_id':{'type':'integer'},'org_name':{'type':'string'},"
                   "'role':{'$ref':'#/components/schemas/MemberRole'},'since':{'type':'string','format':'date-time'}}}"},
    {"InvitationList", "{'type':'object','required':['items','total'],'properties':{'items':{'type':'array',"
                       "'items':{'$ref':'#/components/schemas/Invitation'}},'total':{'type':'integer'}}}"},
    {"MemberList", "{'type':'object','required':['items','total'],'properties':{'items':{'type':'array',"
                   "'items':{'$ref':'#/components/schemas/Member'}},'total':{'type':'integer'}}}"},
    {"CollaborationPeople", "{'type':'object','required':['items','total'],'properties':{'items':{'type':'array',"
                            "'items':{'type':'object','required':['id','name','org_id'],'properties':{"
                            "'id':{'type':'integer','description':'the user'},'name':{'type':'string'},"
                            "'org_id':{'type':'integer','description':'the organisation they work in'}}}},"
                            "'total':{'type':'integer'}}}"},
    {"MemberInvitation", "{'type':'object','required':['email','name','role'],'additionalProperties':false,"
                         "'properties':{'email':{'type':'string','format':'email','maxLength':254},"
                         "'name':{'type':'string','maxLength':100},'role':{'$ref':'#/components/schemas/MemberRole'},"
                         "'lang':{'$ref':'#/components/schemas/Lang'}}}"},
    {"MemberRoleChange", "{'type':'object','required':['role'],'additionalProperties':false,"
                         "'properties':{'role':{'$ref':'#/components/schemas/MemberRole'}}}"},
    {"UserInvitation", "{'type':'object','required':['email','name','role'],'additionalProperties':false,"
                       "'properties':{'email':{'type':'string','format':'email','maxLength':254},"
                       "'name':{'type':'string','maxLength':100},'role':{'$ref':'#/components/schemas/Role'},"
                       "'lang':{'$ref':'#/components/schemas/Lang'},'org_id':{'type':'integer','minimum':1,"
                       "'description':'required for members, absent for operators'}}}"},
    {"InvitedUser", "{'type':'object','required':['id','email','name','role','org_id','invited'],'properties':{"
                    "'id':{'type':'integer'},'email':{'type':'string','format':'email'},'name':{'type':'string'},"
                    "'role':{'$ref':'#/components/schemas/Role'},'org_id':{'type':['integer','null']},"
                    "'invited':{'type':'boolean'},"
               "'delivery':{'type':'string','enum':['email','waiting'],'description':'a new account: its "
               "invitation is e-mailed (email), or waits in the outbox without a mail server (waiting)'},"
               "'invite_link':{'type':'string','description':'with delivery waiting: the link to hand "
               "over to the person'}}}"},
    {"ShareCreate", "{'type':'object','required':['collection','row_id','org_id'],'additionalProperties':false,"
                    "'properties':{'collection':{'type':'string','maxLength':64,'description':'a collection "
                    "with private rows, e.g. needs'},'row_id':{'type':'integer','minimum':1},"
                    "'org_id':{'type':'integer','minimum':1}}}"},
    {"Share", "{'type':'object','required':['id','collection','row_id','org_id'],'properties':{"
              "'id':{'type':'integer'},'collection':{'type':'string'},'row_id':{'type':'integer'},"
              "'org_id':{'type':'integer'},'org_name':{'type':'string'},'granted_by':{'type':['integer','null']},"
              "'created_at':{'type':'string','format':'date-time'}}}"},
    {"ShareList", "{'type':'object','required':['items','total'],'properties':{'items':{'type':'array',"
                  "'items':{'$ref':'#/components/schemas/Share'}},'total':{'type':'integer'}}}"},
    {"SearchResults", "{'type':'object','required':['items','total'],'properties':{'items':{'type':'array',"
                      "'items':{'type':'object','required':['collection','id','title','org','snippet'],"
                      "'properties':{'collection':{'type':'string'},'id':{'type':'integer'},"
                      "'title':{'type':'string'},'org':{'type':['integer','null'],'description':'the "
                      "owning organisation'},'snippet':{'type':'string','description':'the matching words "
                      "in context'}}}},'total':{'type':'integer','description':'how many rows match, "
                      "as the caller may see them: exact up to 100, estimated beyond'},"
                      "'total_is_estimate':{'type':'boolean','description':'present and true when total "
                      "is an estimate (more than 100 rows match)'}}}"},
    {"MatchScore", "{'type':'object','required':['score','parts','reasons'],'properties':{"
                   "'score':{'type':'number'},'parts':{'type':'object','properties':{'text':{'type':'number'},"
                   "'fields':{'type':'number'},'kind':{'type':'number'},'stage':{'type':'number'},"
                   "'availability':{'type':'number'}}},'reasons':{'type':'array','items':{'type':'object',"
                   "'required':['ko','en'],'properties':{'ko':{'type':'string'},'en':{'type':'string'}}}}}}"},
    {"NeedMatches", "{'type':'object','required':['need','items'],'properties':{'need':{'type':'object',"
                    "'properties':{'id':{'type':'integer'},'title':{'type':'string'}}},'items':{'type':'array',"
                    "'items':{'allOf':[{'$ref':'#/components/schemas/MatchScore'},{'type':'object',"
                    "'required':['capability'],'properties':{'capability':{'$ref':'#/components/schemas/capabilities'}}}]}}}}"},
    {"Interval", "{'type':'object','required':['starts_at','ends_at'],'properties':{"
                 "'starts_at':{'type':'string','format':'date-time'},'ends_at':{'type':'string','format':'date-time'}}}"},
    {"KpiFigures", "{'type':['object','null'],'description':'a submitted or accepted quarterly KPI report (null: none)',"
                   "'properties':{'period':{'type':'string'},'status':{'type':'string'},"
                   "'revenue':{'type':['integer','null']},'employees':{'type':['integer','null']},"
                   "'rnd_spend':{'type':['integer','null']},'patents':{'type':['integer','null']},"
                   "'funding_raised':{'type':['integer','null']},'export_revenue':{'type':['integer','null']}}}"},
    {"ProgramOutcomes", "{'type':'object','required':['program_id','title','items'],'properties':{"
                        "'program_id':{'type':'integer'},'title':{'type':'string'},"
                        "'items':{'type':'array','items':{'type':'object','required':['org_id','org_name',"
                        "'application_id','selected_on','before','after'],'properties':{"
                        "'org_id':{'type':'integer'},'org_name':{'type':'string'},'application_id':{'type':'integer'},"
                        "'selected_on':{'type':'string','format':'date'},"
                        "'before':{'$ref':'#/components/schemas/KpiFigures'},"
                        "'after':{'$ref':'#/components/schemas/KpiFigures'}}}}}}"},
    {"AttractionFunnel", "{'type':'object','required':['total','stages','anchors','by_field','by_year'],'properties':{"
                         "'total':{'type':'integer'},"
                         "'stages':{'type':'array','items':{'type':'object','required':['stage','label_ko','label_en',"
                         "'count','reached','conversion_to_next'],'properties':{'stage':{'type':'string'},"
                         "'label_ko':{'type':'string'},'label_en':{'type':'string'},'count':{'type':'integer'},"
                         "'reached':{'type':['integer','null'],'description':'prospects at this stage or beyond "
                         "(a dropped one counts up to the stage it was dropped from); null for dropped'},"
                         "'conversion_to_next':{'type':['number','null'],'description':'reached the next stage "
                         "over reached this one (0 to 1); null when none reached this one, for moved_in and dropped'}}}},"
                         "'anchors':{'type':'object','required':['total','open','moved_in'],'properties':{"
                         "'total':{'type':'integer'},'open':{'type':'integer'},'moved_in':{'type':'integer'}}},"
                         "'by_field':{'type':'array','items':{'type':'object','required':['field','name_ko','name_en',"
                         "'count','moved_in'],'properties':{'field':{'type':'string'},'name_ko':{'type':'string'},"
                         "'name_en':{'type':'string'},'count':{'type':'integer'},'moved_in':{'type':'integer'}}}},"
                         "'by_year':{'type':'array','items':{'type':'object','required':['year','identified','loi',"
                         "'mou','moved_in'],'properties':{'year':{'type':'integer'},'identified':{'type':'integer'},"
                         "'loi':{'type':'integer'},'mou':{'type':'integer'},'moved_in':{'type':'integer'}}}}}}"},
    {"LateReports", "{'type':'object','required':['quarter','due_on','overdue','items'],'properties':{"
                    "'quarter':{'type':'string','examples':['2026-Q3']},'due_on':{'type':'string','format':'date'},"
                    "'overdue':{'type':'boolean','description':'the due day has passed (in Korea)'},"
                    "'items':{'type':'array','items':{'type':'object','required':['org_id','org_name',"
                    "'report_id','status','submitted_at','is_late','reminded'],'properties':{"
                    "'org_id':{'type':'integer'},'org_name':{'type':'string'},"
                    "'report_id':{'type':['integer','null']},'status':{'type':['string','null']},"
                    "'submitted_at':{'type':['string','null'],'format':'date-time'},"
                    "'is_late':{'type':'boolean'},'reminded':{'type':'boolean'}}}}}}"},
    {"Availability", "{'type':'object','required':['resource_id','from','to','status','free','open','busy'],"
                     "'properties':{'resource_id':{'type':'integer'},'from':{'type':'string','format':'date-time'},"
                     "'to':{'type':'string','format':'date-time'},'status':{'type':'string'},"
                     "'slot_minutes':{'type':'integer'},'min_minutes':{'type':'integer'},'max_minutes':{'type':'integer'},"
                     "'free':{'type':'array','items':{'$ref':'#/components/schemas/Interval'},'description':"
                     "'open and not booked (none while the resource is not active)'},"
                     "'open':{'type':'array','items':{'$ref':'#/components/schemas/Interval'}},"
                     "'busy':{'type':'array','items':{'$ref':'#/components/schemas/Interval'},'description':"
                     "'bookings that hold the time, whoever made them'},"
                     "'closed':{'type':'array','description':'public holidays (a resource closed on them) "
                     "and maintenance or blackout periods, left out of open','items':{'type':'object',"
                     "'required':['starts_at','ends_at','kind','reason'],'properties':{"
                     "'starts_at':{'type':'string','format':'date-time'},'ends_at':{'type':'string','format':'date-time'},"
                     "'kind':{'type':'string','enum':['holiday','maintenance','blackout']},'reason':{'type':'string'},"
                     "'blackout_id':{'type':'integer'}}}}}}"},
    {"SeriesCancel", "{'type':'object','required':['series_id','cancelled','kept'],'properties':{"
                     "'series_id':{'type':'integer'},'cancelled':{'type':'array','items':{'type':'integer'},"
                     "'description':'the bookings cancelled now'},'kept':{'type':'array','items':{'type':'integer'},"
                     "'description':'bookings still holding time that the caller may no longer cancel "
                     "(started, or past the cancellation deadline for the booking organisation)'}}}"},
    {"Counts", "{'type':'object','required':['total','by_status'],'properties':{'total':{'type':'integer'},"
               "'by_status':{'type':'array','items':{'type':'object','required':['status','count'],"
               "'properties':{'status':{'type':'string'},'count':{'type':'integer'}}}}}}"},
    {"MonthCount", "{'type':'object','required':['month','count'],'properties':{'month':{'type':'string',"
                   "'description':'YYYY-MM (Seoul)'},'count':{'type':'integer'},'hours':{'type':'number'}}}"},
    {"Tenants", "{'type':'object','required':['total','by_field','by_stage'],'properties':{'total':{'type':'integer'},"
                "'by_field':{'type':'array','items':{'type':'object','required':['field','ko','en','count'],"
                "'properties':{'field':{'type':'string'},'ko':{'type':'string'},'en':{'type':'string'},"
                "'count':{'type':'integer'}}}},'by_stage':{'type':'array','items':{'type':'object',"
                "'required':['stage','count'],'properties':{'stage':{'type':['string','null']},"
                "'count':{'type':'integer'}}}}}}"},
    {"Achievements", "{'type':'object','required':['year','this_year','total','by_kind'],'properties':{"
                     "'year':{'type':'integer'},'this_year':{'type':'integer'},'total':{'type':'integer'},"
                     "'by_kind':{'type':'array','items':{'type':'object','required':['kind','count'],"
                     "'properties':{'kind':{'type':'string'},'count':{'type':'integer'}}}}}}"},
    {"Rate", "{'type':['number','null'],'description':'executed ÷ planned (four decimals); null when nothing is planned'}"},
    {"DashboardPublic", "{'type':'object','required':['scope','generated_at','month','tenants','new_orgs','needs','achievements'],"
                        "'properties':{'scope':{'type':'string','enum':['public','operator']},"
                        "'generated_at':{'type':'string','format':'date-time'},'month':{'type':'string'},"
                        "'tenants':{'$ref':'#/components/schemas/Tenants'},'new_orgs':{'type':'array','items':"
                        "{'$ref':'#/components/schemas/MonthCount'}},'needs':{'$ref':'#/components/schemas/Counts'},"
                        "'achievements':{'$ref':'#/components/schemas/Achievements'}}}"},
    {"Dashboard", "{'allOf':[{'$ref':'#/components/schemas/DashboardPublic'},{'type':'object',"
                  "'required':['matches','collaborations','bookings','budget','enrollments'],'properties':{"
                  "'matches':{'$ref':'#/components/schemas/Counts'},'collaborations':{'$ref':'#/components/schemas/Counts'},"
                  "'enrollments':{'$ref':'#/components/schemas/Counts','description':'training enrollments by status'},"
                  "'bookings':{'type':'object','required':['by_month','this_month_by_status','utilisation'],'properties':{"
                  "'by_month':{'type':'array','items':{'$ref':'#/components/schemas/MonthCount'}},"
                  "'this_month_by_status':{'type':'array','items':{'type':'object','properties':{'status':{'type':'string'},"
                  "'count':{'type':'integer'}}}},'utilisation':{'type':'object','required':['month','open_hours',"
                  "'booked_hours','rate','by_resource'],'properties':{'month':{'type':'string'},'open_hours':{'type':'number'},"
                  "'booked_hours':{'type':'number'},'rate':{'$ref':'#/components/schemas/Rate'},'by_resource':{'type':'array',"
                  "'items':{'type':'object','required':['resource_id','name','kind','open_hours','booked_hours','rate'],"
                  "'properties':{'resource_id':{'type':'integer'},'name':{'type':'string'},'kind':{'type':'string'},"
                  "'open_hours':{'type':'number'},'booked_hours':{'type':'number'},'rate':{'$ref':'#/components/schemas/Rate'}}}}}}}},"
                  "'budget':{'type':'object','required':['planned','executed','rate','by_source','by_year'],'properties':{"
                  "'planned':{'type':'integer'},'executed':{'type':'integer'},'rate':{'$ref':'#/components/schemas/Rate'},"
                  "'by_source':{'type':'array','items':{'type':'object','required':['source','planned','executed','rate'],"
                  "'properties':{'source':{'type':'string','enum':['national','provincial','city','other']},"
                  "'planned':{'type':'integer'},'executed':{'type':'integer'},'rate':{'$ref':'#/components/schemas/Rate'}}}},"
                  "'by_year':{'type':'array','items':{'type':'object','required':['year','planned','executed','rate'],"
                  "'properties':{'year':{'type':'integer'},'planned':{'type':'integer'},'executed':{'type':'integer'},"
                  "'rate':{'$ref':'#/components/schemas/Rate'}}}}}}}}]}"},
    {"ProgramPeriod", "{'type':'object','required':['label','from','to'],'properties':{'label':{'type':'string',"
                      "'description':'a card column: 기투자, a year such as 23, 임기후'},'from':{'type':'string','format':'date'},"
                      "'to':{'type':'string','format':'date'}}}"},
    {"ProgramBudget", "{'type':'object','required':['project_id','name','starts_on','ends_on','periods','sources','total'],"
                      "'properties':{'project_id':{'type':'integer'},'name':{'type':'string'},'starts_on':{'type':'string'},"
                      "'ends_on':{'type':'string'},'periods':{'type':'array','items':{'$ref':'#/components/schemas/ProgramPeriod'}},"
                      "'sources':{'type':'array','items':{'type':'object','required':['source','planned','executed',"
                      "'planned_total','executed_total','rate'],'properties':{'source':{'type':'string','enum':"
                      "['national','provincial','city','other']},'planned':{'type':'array','items':{'type':'integer'},"
                      "'description':'won per period'},'executed':{'type':'array','items':{'type':'integer'}},"
                      "'planned_total':{'type':'integer'},'executed_total':{'type':'integer'},"
                      "'rate':{'$ref':'#/components/schemas/Rate'}}}},'total':{'type':'object','required':['planned',"
                      "'executed','rates','planned_total','executed_total','rate'],'properties':{'planned':{'type':'array',"
                      "'items':{'type':'integer'}},'executed':{'type':'array','items':{'type':'integer'}},'rates':"
                      "{'type':'array','items':{'$ref':'#/components/schemas/Rate'}},'planned_total':{'type':'integer'},"
                      "'executed_total':{'type':'integer'},'rate':{'$ref':'#/components/schemas/Rate'}}}}}"},
    {"ProgramSchedule", "{'type':'object','required':['project_id','name','starts_on','ends_on','periods','units'],"
                        "'properties':{'project_id':{'type':'integer'},'name':{'type':'string'},'starts_on':{'type':'string'},"
                        "'ends_on':{'type':'string'},'periods':{'type':'array','items':{'$ref':'#/components/schemas/ProgramPeriod'}},"
                        "'units':{'type':'array','items':{'type':'object','required':['id','name','status','starts_on',"
                        "'ends_on','rows','marks'],'properties':{'id':{'type':'integer'},'name':{'type':'string'},"
                        "'status':{'type':'string'},'starts_on':{'type':['string','null']},'ends_on':{'type':['string','null']},"
                        "'rows':{'type':'array','items':{'type':'object','required':['id','label','starts_on','ends_on'],"
                        "'properties':{'id':{'type':'integer'},'label':{'type':['string','null']},'starts_on':{'type':'string',"
                        "'format':'date'},'ends_on':{'type':['string','null'],'description':'null: after the term'}}}},"
                        "'marks':{'type':'array','items':{'type':'boolean'},'description':'the ○ of each period'}}}}}}"},
    {"StatementGeneration", "{'type':'object','required':['month','statements','created','replaced','kept'],"
                            "'properties':{'month':{'type':'string'},'statements':{'type':'array','items':"
                            "{'type':'object','required':['id','org_id','action','lines','total_fee'],'properties':{"
                            "'id':{'type':'integer'},'org_id':{'type':'integer'},'action':{'type':'string',"
                            "'enum':['created','replaced','kept']},'lines':{'type':'integer'},"
                            "'total_fee':{'type':'integer','description':'won'}}}},"
                            "'created':{'type':'integer'},'replaced':{'type':'integer'},'kept':{'type':'integer'}}}"},
    {"SurveySummary", "{'type':'object','required':['survey_id','title','status','cells','responses','headcount'],"
                      "'properties':{'survey_id':{'type':'integer'},'title':{'type':'string'},'status':{'type':'string'},"
                      "'responses':{'type':'integer'},'headcount':{'type':'integer'},'cells':{'type':'array','items':"
                      "{'type':'object','required':['field','field_ko','level','level_ko','responses','headcount'],"
                      "'properties':{'field':{'type':'string'},'field_ko':{'type':'string'},'level':{'type':'string'},"
                      "'level_ko':{'type':'string'},'responses':{'type':'integer'},'headcount':{'type':'integer',"
                      "'description':'people the answers want trained'}}}}}}"},
    {"TopUser", "{'type':'object','required':['org_id','name','minutes','bookings'],'properties':{"
                "'org_id':{'type':'integer'},'name':{'type':'string'},'minutes':{'type':'integer'},"
                "'bookings':{'type':'integer'}}}"},
    {"Utilisation", "{'type':'object','required':['month','from','to','resources','open_minutes','booked_minutes','rate'],"
                    "'properties':{'month':{'type':'string'},'from':{'type':'string','format':'date-time'},"
                    "'to':{'type':'string','format':'date-time'},'open_minutes':{'type':'integer'},"
                    "'booked_minutes':{'type':'integer'},'rate':{'type':'number'},'resources':{'type':'array',"
                    "'items':{'type':'object','required':['resource_id','name','kind','status','open_minutes',"
                    "'booked_minutes','rate','bookings','no_shows','no_show_minutes','top_users'],'properties':{"
                    "'resource_id':{'type':'integer'},'name':{'type':'string'},'kind':{'type':'string'},"
                    "'status':{'type':'string'},'open_minutes':{'type':'integer'},'booked_minutes':{'type':'integer'},"
                    "'rate':{'type':'number','description':'booked over open, 0 to 1'},'bookings':{'type':'integer'},"
                    "'no_shows':{'type':'integer'},'no_show_minutes':{'type':'integer'},'top_users':{'type':['array','null'],"
                    "'items':{'$ref':'#/components/schemas/TopUser'},'description':'null for callers who may not see who booked'}}}}}}"},
    {"FloorOccupancy", "{'type':'object','required':['floor','spaces','leased','area_m2','leased_area_m2','rate'],"
                       "'properties':{'floor':{'type':'integer'},'spaces':{'type':'integer'},'leased':{'type':'integer'},"
                       "'area_m2':{'type':'number'},'leased_area_m2':{'type':'number'},'rate':{'type':'number'}}}"},
    {"Occupancy", "{'type':'object','required':['on','floors','spaces','leased','area_m2','leased_area_m2','rate',"
                  "'ending_until','ending_within_90_days'],'properties':{'on':{'type':'string','format':'date'},"
                  "'floors':{'type':'array','items':{'$ref':'#/components/schemas/FloorOccupancy'}},"
                  "'spaces':{'type':'integer'},'leased':{'type':'integer'},'area_m2':{'type':'number'},"
                  "'leased_area_m2':{'type':'number'},'rate':{'type':'number','description':'leased area over area'},"
                  "'ending_until':{'type':'string','format':'date'},'ending_within_90_days':{'type':'integer'}}}"},
    {"CapabilityMatches", "{'type':'object','required':['capability','items'],'properties':{'capability':"
                          "{'type':'object','properties':{'id':{'type':'integer'},'title':{'type':'string'}}},"
                          "'items':{'type':'array','items':{'allOf':[{'$ref':'#/components/schemas/MatchScore'},"
                          "{'type':'object','required':['need'],'properties':{'need':{'$ref':'#/components/schemas/needs'}}}]}}}}"},
    {"InvestReason", "{'type':'object','required':['kind','ko','en'],'properties':{'kind':{'type':'string',"
                     "'enum':['stage','fields','amount','revenue','employees']},'ko':{'type':'string'},'en':{'type':'string'}}}"},
    {"InvestorMatches", "{'type':'object','required':['investor','items'],'properties':{'investor':"
                        "{'type':'object','properties':{'id':{'type':'integer'},'title':{'type':'string'}}},"
                        "'items':{'type':'array','items':{'type':'object','required':['score','reasons','fundraising'],"
                        "'properties':{'score':{'type':'integer','minimum':1,'maximum':100},'reasons':{'type':'array',"
                        "'items':{'$ref':'#/components/schemas/InvestReason'}},"
                        "'fundraising':{'$ref':'#/components/schemas/fundraisings'}}}}}}"},
    {"FundraisingMatches", "{'type':'object','required':['fundraising','items'],'properties':{'fundraising':"
                           "{'type':'object','properties':{'id':{'type':'integer'},'title':{'type':'string'}}},"
                           "'items':{'type':'array','items':{'type':'object','required':['score','reasons','investor'],"
                           "'properties':{'score':{'type':'integer','minimum':1,'maximum':100},'reasons':{'type':'array',"
                           "'items':{'$ref':'#/components/schemas/InvestReason'}},"
                           "'investor':{'$ref':'#/components/schemas/investor-profiles'}}}}}}"},
    {"HighGrowth", "{'type':'object','required':['threshold_pct','total','items'],'properties':{"
                   "'threshold_pct':{'type':'integer'},'total':{'type':'integer'},'items':{'type':'array','items':"
                   "{'type':'object','required':['org_id','org_name','from','to','quarters','score','reasons'],"
                   "'properties':{'org_id':{'type':'integer'},'org_name':{'type':'string'},'from':{'type':'string'},"
                   "'to':{'type':'string'},'quarters':{'type':'integer'},'score':{'type':'integer',"
                   "'description':'the larger annualised growth, in percent'},'reasons':{'type':'array',"
                   "'items':{'$ref':'#/components/schemas/InvestReason'}},'funding_raised':{'type':'integer'},"
                   "'revenue_from':{'type':['integer','null']},'revenue_to':{'type':['integer','null']},"
                   "'revenue_growth_pct':{'type':['integer','null']},'employees_from':{'type':['integer','null']},"
                   "'employees_to':{'type':['integer','null']},'employees_growth_pct':{'type':['integer','null']}}}}}}"},
    {"ImportPreview", "{'type':'object','required':['collection','format','columns','rows','creates','updates',"
                      "'unchanged','errors'],'properties':{'collection':{'type':'string'},"
                      "'format':{'type':'string','enum':['csv','xlsx']},'encoding':{'type':'string'},"
                      "'key':{'type':['string','null']},'columns':{'type':'array','items':{'type':'object',"
                      "'properties':{'header':{'type':'string'},'field':{'type':['string','null']},"
                      "'reason':{'type':'string'}}}},'missing':{'type':'array','items':{'type':'string'}},"
                      "'rows':{'type':'array','items':{'type':'object','properties':{'line':{'type':'integer'},"
                      "'action':{'type':'string','enum':['create','update']},'id':{'type':'integer'},"
                      "'changed':{'type':'array','items':{'type':'string'}},'cells':{'type':'array'},"
                      "'errors':{'type':'array','items':{'type':'object','properties':{'field':{'type':'string'},"
                      "'column':{'type':'string'},'message_ko':{'type':'string'},'message_en':{'type':'string'}}}}}}},"
                      "'creates':{'type':'integer'},'updates':{'type':'integer'},'unchanged':{'type':'integer'},"
                      "'errors':{'type':'integer'},'examples':{'type':'integer','description':"
                      "'a template example row left as it was: skipped'}}}"},
    {"ImportResult", "{'type':'object','required':['created','updated','unchanged','refused'],'properties':{"
                     "'created':{'type':'integer'},'updated':{'type':'integer'},'unchanged':{'type':'integer'},"
                     "'refused':{'type':'integer','description':'rows with errors left out (rows=valid)'}}}"},
    {"ApiTokenCreated", "{'allOf':[{'$ref':'#/components/schemas/api-tokens'},{'type':'object','required':['token'],"
                        "'properties':{'token':{'type':'string','description':'the token, shown this once: "
                        "send it as Authorization: Bearer'}}}]}"},
};

/* --- the operations --- */

enum doc_flag {
    DOC_NO_TOKEN = 1 << 0, /* API tokens may not call it (routes.c, token_allows) */
};

struct route_doc {
    const char *id;          /* operationId; "{collection}": each collection's, in camelCase */
    const char *summary;     /* a few words; "{label}": the collection's English label */
    const char *description; /* the long text, or NULL */
    const char *query;       /* a JSON array of query parameters {name, schema[, required]} */
    const char *body;        /* request body: a schema's name, or an inline schema */
    const char *body_types;  /* its media types, space-separated; NULL: application/json */
    int status;              /* the success answer (0: the problem documents, see errors) */
    const char *answer;      /* its body: a schema's name, an inline schema; NULL: none */
    const char *answer_type; /* its media types, space-separated; NULL: application/json */
    const char *errors;      /* the problems the handler answers, beyond the dispatcher's */
    unsigned flags;          /* DOC_* */
};

#define LIMIT_Q "{'name':'limit','schema':{'type':'integer','minimum':1,'maximum':50,'default':"
#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
/* the program's views (card, budget, schedule): which pledge project */
#define PROJECT_Q "{'name':'project','schema':{'type':'integer','minimum':1}," \
                  "'description':'the pledge project (default: the first)'}"

static const struct route_doc docs[] = {
    {.id = "healthz", .summary = "Liveness: the process is up",
     .status = 200, .answer = "Health"},
    {.id = "readyz", .summary = "Readiness: the database answers",
     .description = "503 when the database does not answer, or refuses writes (read-only).",
     .status = 200, .answer = "Health", .errors = "503"},
    {.id = "metrics", .summary = "Prometheus metrics",
     .description = "For operators (session or API token) and the address of `--metrics-from` "
                    "(loopback by default).",
     .status = 200, .answer = "{'type':'string'}", .answer_type = "text/plain",
     .errors = "401 403"},
    {.id = "openapiGet", .summary = "This OpenAPI document",
     .status = 200, .answer = "{'type':'object'}"},
    {.id = "problemGet", .summary = "What a problem type means",
     .description = "The problem document of a type (the last segment of a problem's `type` URI), "
                    "answered with the status that type has.",
     .errors = "404 4XX 5XX"},
    {.id = "sessionGet", .summary = "The signed-in user",
     .status = 200, .answer = "Session", .errors = "401"},
    {.id = "sessionCreate", .summary = "Sign in",
     .description = "Answers the session and sets the cookie `bpmc_session`. 401 naming `otp` when "
                    "the account needs a second-factor code; after repeated failures the account "
                    "or the address is locked for a while (429 with Retry-After).",
     .body = "Credentials", .status = 200, .answer = "Session", .errors = "401 422 429",
     .flags = DOC_NO_TOKEN},
    {.id = "sessionDelete", .summary = "Sign out",
     .status = 204, .flags = DOC_NO_TOKEN},
    {.id = "sessionUpdate", .summary = "Change the language or the organisation worked in",
     .description = "`lang` sets the language; `org_id` (one of the memberships) the organisation "
                    "the session works in.",
     .body = "SessionChange", .status = 200, .answer = "SessionUser", .errors = "422",
     .flags = DOC_NO_TOKEN},
    {.id = "passwordChange", .summary = "Change the password",
     .description = "Every session of the user ends and a new one opens: the answer carries the "
                    "new CSRF token and a new cookie. Only with a session, not a token.",
     .body = "PasswordChange", .status = 200, .answer = "Session", .errors = "403 422 429",
     .flags = DOC_NO_TOKEN},
    {.id = "totpBegin", .summary = "Begin enrolling a second factor",
     .status = 200, .answer = "TotpEnrolment", .errors = "409", .flags = DOC_NO_TOKEN},
    {.id = "totpConfirm", .summary = "Turn the second factor on",
     .description = "The code of the authenticator app confirms the enrolment; the answer holds "
                    "ten recovery codes, shown this once.",
     .body = "TotpCode", .status = 200, .answer = "RecoveryCodes", .errors = "409 422",
     .flags = DOC_NO_TOKEN},
    {.id = "totpDisable", .summary = "Turn the second factor off",
     .description = "Not for operator-admins, who must keep one.",
     .body = "Password", .status = 204, .errors = "403 422 429", .flags = DOC_NO_TOKEN},
    {.id = "passwordResetRequest", .summary = "Ask for a password reset link",
     .description = "202 whatever the address: a known one gets a single-use link, valid for one "
                    "hour, through the outbox.",
     .body = "ResetRequest", .status = 202, .answer = "Accepted", .errors = "422",
     .flags = DOC_NO_TOKEN},
    {.id = "passwordResetConfirm", .summary = "Choose a new password with a reset link",
     .description = "422 naming `token` (wrong, expired or used) or `password`. An invitation's "
                    "link accepts its memberships; 409 naming `token` when it is an invitation of "
                    "someone who has an account (sign in and accept instead).",
     .body = "ResetConfirm", .status = 204, .errors = "409 422", .flags = DOC_NO_TOKEN},
    {.id = "membersList", .summary = "The members of an organisation",
     .description = "For its members and operators; `all=1` lists former members too.",
     .query = "[{'name':'all','schema':{'type':'string','enum':['1','true']}}]",
     .status = 200, .answer = "MemberList", .errors = "404"},
    {.id = "membersInvite", .summary = "Invite a member",
     .description = "For the organisation's org-admins and operators. The membership waits for "
                    "the invitee to accept (`pending`, no access until then), and the answer is "
                    "alike whether or not the e-mail has an account: someone new accepts by "
                    "choosing a password at the link (seven days), someone known by signing in "
                    "(`POST /api/v1/invitations/{id}/accept`). 409 when already an active member; "
                    "429 (Retry-After) beyond 30 invitations an hour per inviter.",
     .body = "MemberInvitation", .status = 201, .answer = "Member", .errors = "404 409 422 429"},
    {.id = "orgInvitationsGet", .summary = "An invitation of the organisation, waiting",
     .description = "For the organisation's org-admins and operators.",
     .status = 200, .answer = "Member", .errors = "404"},
    {.id = "orgInvitationsCancel", .summary = "Withdraw an invitation",
     .description = "For the organisation's org-admins and operators; 404 once accepted.",
     .status = 204, .errors = "404"},
    {.id = "invitationsList", .summary = "My invitations",
     .description = "The organisations whose invitation waits for the signed-in user.",
     .status = 200, .answer = "InvitationList"},
    {.id = "invitationsAccept", .summary = "Accept an invitation",
     .description = "The organisation's id in the path. The membership becomes active. Signed in "
                    "only (not with an API token); 409 for operator accounts.",
     .status = 200, .answer = "Member", .errors = "404 409", .flags = DOC_NO_TOKEN},
    {.id = "invitationsDecline", .summary = "Decline an invitation",
     .description = "The organisation's id in the path. Signed in only (not with an API token).",
     .status = 204, .errors = "404", .flags = DOC_NO_TOKEN},
    {.id = "membersUpdate", .summary = "Change a member's role",
     .description = "409 when no org-admin would be left.",
     .body = "MemberRoleChange", .status = 200, .answer = "Member", .errors = "404 409 422"},
    {.id = "membersRemove", .summary = "Remove a member",
     .description = "The membership stays, inactive; the member's sessions there end. 409 when no "
                    "org-admin would be left.",
     .status = 204, .errors = "404 409"},
    {.id = "usersInvite", .summary = "Invite a user",
     .description = "Operator-admins invite operators (without an organisation) and members (with "
                    "one). With `org_id` the person is a member at once (someone new chooses a "
                    "password at the link first; operators and deactivated accounts are 422) and "
                    "the answer is the membership; without it the user.",
     .body = "UserInvitation", .status = 201,
     .answer = "{'oneOf':[{'$ref':'#/components/schemas/Member'},"
               "{'$ref':'#/components/schemas/InvitedUser'}]}",
     .errors = "409 422 429"},
    {.id = "usersAnonymise", .summary = "Anonymise a user",
     .description = "Operator-admins: personal fields blanked; sessions, tokens and memberships "
                    "ended; the row and its audit kept.",
     .status = 204, .errors = "404 409"},
    {.id = "notificationsMarkRead", .summary = "Mark the caller's notifications read",
     .status = 204},
    {.id = "sharesList", .summary = "The organisations a private record is shared with",
     .description = "For the members of its owner who may change it, and operators.",
     .query = "[{'name':'collection','required':true,'schema':{'type':'string'}},"
              "{'name':'row_id','required':true,'schema':{'type':'integer','minimum':1}}]",
     .status = 200, .answer = "ShareList", .errors = "400 404 422"},
    {.id = "sharesCreate", .summary = "Share a private record with an organisation",
     .description = "Its members then see the record (not its personal fields) and change nothing.",
     .body = "ShareCreate", .status = 201, .answer = "Share", .errors = "409 422"},
    {.id = "sharesDelete", .summary = "Stop sharing",
     .status = 204, .errors = "404"},
    {.id = "search", .summary = "Search every collection the caller may read",
     .description = "Ranked; Korean as people type it, English case- and accent-insensitive "
                    "(docs/search.md). Never shows or counts what the caller may not see.",
     .query = "[{'name':'q','required':true,'schema':{'type':'string','maxLength':200}},"
              "{'name':'kind','schema':{'type':'string','description':'one collection'}},"
              LIMIT_Q "20}}]",
     .status = 200, .answer = "SearchResults", .errors = "400 403"},
    {.id = "needsMatches", .summary = "Capabilities ranked for a need",
     .description = "With the parts of each score and its reasons in Korean and English "
                    "(docs/matching.md).",
     .query = "[" LIMIT_Q "10}}]",
     .status = 200, .answer = "NeedMatches", .errors = "400 403 404"},
    {.id = "capabilitiesMatches", .summary = "Needs ranked for a capability",
     .description = "With the parts of each score and its reasons in Korean and English "
                    "(docs/matching.md).",
     .query = "[" LIMIT_Q "10}}]",
     .status = 200, .answer = "CapabilityMatches", .errors = "400 403 404"},
    {.id = "investorProfilesMatches", .summary = "Open fundraising rounds ranked for an investor",
     .description = "The open rounds the caller may read, best first: 40 points for a stage the "
                    "investor invests in, 15 for each shared field (at most 45), 15 for an amount "
                    "within the ticket range; rounds scoring nothing are left out (docs/investment.md).",
     .query = "[" LIMIT_Q "20}}]",
     .status = 200, .answer = "InvestorMatches", .errors = "400 404"},
    {.id = "fundraisingsMatches", .summary = "Investors ranked for a fundraising round",
     .description = "The investor profiles, best first, by the same score as investorProfilesMatches "
                    "(docs/investment.md); the round must be one the caller may read.",
     .query = "[" LIMIT_Q "20}}]",
     .status = 200, .answer = "FundraisingMatches", .errors = "400 404"},
    {.id = "investmentHighGrowth", .summary = "High-growth companies by their KPI reports",
     .description = "Companies whose last submitted or accepted quarterly report shows revenue or "
                    "head count growing by at least 20 % a year (annualised, linear) against their "
                    "earliest report of the four quarters before; best first (docs/investment.md). "
                    "For operators.",
     .query = "[{'name':'limit','schema':{'type':'integer','minimum':1,'maximum':200,'default':50}}]",
     .status = 200, .answer = "HighGrowth", .errors = "400"},
    {.id = "collaborationsMembers", .summary = "The people of a collaboration's two organisations",
     .description = "Active members of the asking and the partner organisation, names only: who may "
                    "own a milestone or an action item of the collaboration. For its two "
                    "organisations and operators; 404 for anyone else (docs/collaboration.md).",
     .status = 200, .answer = "CollaborationPeople", .errors = "404"},
    {.id = "resourcesAvailability", .summary = "A resource's free intervals",
     .description = "Its opening hours (Seoul) minus the bookings that hold its time, between "
                    "`from` and `to` (ISO 8601 date-times, Seoul without an offset, or dates; "
                    "by default today and the 7 days after; at most 62 days). Answered in UTC "
                    "(docs/facilities.md).",
     .query = "[{'name':'from','schema':{'type':'string'}},{'name':'to','schema':{'type':'string'}}]",
     .status = 200, .answer = "Availability", .errors = "400 404"},
    {.id = "bookingsDecision", .summary = "A manager's decision on a booking",
     .description = "`status`: approved or declined (a requested booking), completed or no-show "
                    "(an approved one), or cancelled (either, at any time before the start, past the "
                    "booking organisation's cancellation deadline too); `note` is shown to the booking organisation. For the "
                    "resource's managing organisation or manager and operators (docs/facilities.md).",
     .body = "{'type':'object','required':['status'],'additionalProperties':false,'properties':{"
             "'status':{'type':'string','enum':['approved','declined','completed','no-show','cancelled']},"
             "'note':{'type':'string','maxLength':1000}}}",
     .status = 200, .answer = "bookings", .errors = "403 404 412 422"},
    {.id = "bookingsCancelSeries", .summary = "Cancel the rest of a weekly series",
     .description = "Any booking of the series names it. Cancels every booking of the series that "
                    "still holds its time and the caller may cancel: the booking organisation's "
                    "before the resource's cancellation deadline, the manager's or an operator's "
                    "before the start; the others are listed as kept (docs/facilities.md).",
     .status = 200, .answer = "SeriesCancel", .errors = "403 404 422"},
    {.id = "bookingsCheckIn", .summary = "Check in at the instrument",
     .description = "The booking organisation (the resource's manager and operators too) checks "
                    "in a confirmed booking from 15 minutes before its start until its end; "
                    "again is a no-op. A booking of a resource with noshow_minutes not checked "
                    "in that long after its start is marked no-show (docs/facilities.md).",
     .status = 200, .answer = "bookings", .errors = "403 404 422"},
    {.id = "bookingsCheckOut", .summary = "Check out at the instrument",
     .description = "Who may check in checks out a confirmed booking that was checked in, before "
                    "its end; again is a no-op. On a resource billed on used time (fee_basis "
                    "'used') the booking's billed_minutes, fee and voucher part follow from the "
                    "time between check-in and check-out within the booked time; without a "
                    "check-out the booking's end counts (docs/facilities.md).",
     .status = 200, .answer = "bookings", .errors = "403 404 422"},
    {.id = "resourcesQr", .summary = "The QR code of a resource's check-in page",
     .description = "An SVG for the lab door; it opens /resources/{id}/check-in at the server's "
                    "public URL.",
     .status = 200, .answer = "{'type':'string'}", .answer_type = "image/svg+xml", .errors = "404"},
    {.id = "calendarFeed", .summary = "An iCalendar feed at its secret address",
     .description = "For Google Calendar and Outlook to subscribe to: the token of a "
                    "calendar-feeds row (optionally ending in .ics) is the secret; deleting the "
                    "row revokes it. A resource's feed has its bookings (times only) and "
                    "maintenance periods, a user's feed the bookings they made, from a month ago "
                    "(docs/facilities.md).",
     .status = 200, .answer = "{'type':'string'}", .answer_type = "text/calendar", .errors = "404"},
    {.id = "statementsGenerate", .summary = "Generate a month's statements from the bookings",
     .description = "For every organisation with billed bookings (approved, completed, no-show) "
                    "starting in `month` (Seoul), or `org_id` alone: a draft statement with one "
                    "line per booking (fee, voucher part, company part); a draft of that month is "
                    "replaced (keeping the adjustments of its lines), an issued or paid one kept. "
                    "Idempotent. Operators only (docs/facilities.md).",
     .body = "{'type':'object','required':['month'],'additionalProperties':false,'properties':{"
             "'month':{'type':'string','pattern':'^[0-9]{4}-[0-9]{2}$'},"
             "'org_id':{'type':['integer','null'],'minimum':1}}}",
     .status = 200, .answer = "StatementGeneration", .errors = "422"},
    {.id = "statementsDocument", .summary = "A statement as CSV, XLSX or PDF",
     .description = "Its lines (booking, resource, time, minutes, fee class, hourly rate, fee, "
                    "voucher part, company part, adjustment) under Korean headers and the totals; "
                    "the PDF embeds Korean fonts. For the statement's organisation and operators "
                    "(404 for others, as the statement) (docs/facilities.md).",
     .query = "[{'name':'format','required':true,'schema':{'type':'string','enum':['csv','xlsx','pdf']}}]",
     .status = 200, .answer = "{'type':'string','format':'binary'}",
     .answer_type = "text/csv " XLSX " application/pdf",
     .errors = "400 404"},
    {.id = "surveysSummary", .summary = "The demand a survey found, by field and level",
     .description = "Its answers grouped by field (업종) and level (수준): how many organisations "
                    "answered each pair and how many people they want trained, with the totals. "
                    "Operators only (docs/training.md).",
     .status = 200, .answer = "SurveySummary", .errors = "400 404"},
    {.id = "enrollmentsCertificate", .summary = "A completion certificate (수료증) as PDF",
     .description = "The certificate of a completed enrollment: the trainee, their organisation, "
                    "the course, field and level, the cohort and its dates, the sessions attended "
                    "and the certificate number, in Korean on A4 with the fonts embedded. For whoever "
                    "may read the enrollment (the trainee, their organisation, operators; 404 for "
                    "others, as the enrollment); 409 until it is completed (docs/training.md).",
     .status = 200, .answer = "{'type':'string','format':'binary'}", .answer_type = "application/pdf",
     .errors = "400 404 409"},
    {.id = "facilitiesUtilisation", .summary = "Utilisation of the resources in a month",
     .description = "Per resource: minutes open (its opening hours in the month, Seoul), minutes "
                    "booked (approved, completed or no-show, clipped to the month), their ratio, "
                    "bookings and no-shows; `top_users` (the organisations that booked it most) "
                    "for operators and the resource's managers, null for others "
                    "(docs/facilities.md).",
     .query = "[{'name':'month','schema':{'type':'string','pattern':'^[0-9]{4}-[0-9]{2}$'},"
              "'description':'YYYY-MM (default: this month in Seoul)'},"
              "{'name':'resource_id','schema':{'type':'integer','minimum':1}}]",
     .status = 200, .answer = "Utilisation", .errors = "400"},
    {.id = "spacesOccupancy", .summary = "Occupancy of the center's spaces",
     .description = "The leasable spaces (offices, labs, other) that are available, by floor: "
                    "their area and the area under a lease active on `on` (default today, "
                    "Seoul), the rate, and how many leases end within 90 days (the leases "
                    "themselves: GET /api/v1/leases, for those who may read them) "
                    "(docs/facilities.md).",
     .query = "[{'name':'on','schema':{'type':'string','format':'date'}}]",
     .status = 200, .answer = "Occupancy", .errors = "400"},
    {.id = "filesUpload", .summary = "Upload a file",
     .description = "The raw bytes, with their Content-Type; the file's fields in the query. "
                    "Operators for any organisation, members for their own.",
     .query = "[{'name':'name','required':true,'schema':{'type':'string','maxLength':255}},"
              "{'name':'org_id','schema':{'type':'integer','minimum':1}},"
              "{'name':'visibility','schema':{'type':'string','enum':['private','cluster','public']}}]",
     .body = "{'type':'string','format':'binary'}", .body_types = "*/*",
     .status = 201, .answer = "files", .errors = "400 403 422"},
    {.id = "importsRun", .summary = "Import a spreadsheet",
     .description = "CSV (UTF-8 or CP949) or XLSX. Cells may hold codes or labels in either "
                    "language. `mode=preview` (the default) answers what each row would do and "
                    "its errors; `mode=commit` writes every row in one transaction, or nothing "
                    "(422 with every row's errors); with `rows=valid` it writes the rows without "
                    "errors in one transaction and counts the others as `refused`; "
                    "`mode=report` answers an XLSX of the rows with errors (the cells at fault "
                    "marked, a last column of reasons), to fix and import again. docs/import.md.",
     .query = "[{'name':'collection','required':true,'schema':{'type':'string',"
              "'enum':['orgs','people','capabilities']}},"
              "{'name':'mode','schema':{'type':'string','enum':['preview','commit','report'],'default':'preview'}},"
              "{'name':'rows','schema':{'type':'string','enum':['all','valid'],'default':'all'},"
              "'description':'commit: all rows or none (all), or only the rows without errors (valid)'},"
              "{'name':'lang','schema':{'$ref':'#/components/schemas/Lang'},'description':"
              "'the language of messages and of the report (default: Accept-Language)'},"
              "{'name':'encoding','schema':{'type':'string','enum':['auto','utf-8','utf8','cp949',"
              "'euc-kr'],'default':'auto'}}]",
     .body = "{'type':'string','format':'binary'}", .body_types = "text/csv " XLSX,
     .status = 200,
     .answer = "{'oneOf':[{'$ref':'#/components/schemas/ImportPreview'},"
               "{'$ref':'#/components/schemas/ImportResult'},{'type':'string','format':'binary',"
               "'description':'mode=report: the XLSX of the rows with errors'}]}",
     .answer_type = "application/json " XLSX,
     .errors = "400 413 415 422"},
    {.id = "importsTemplate", .summary = "The import template of a collection (XLSX)",
     .description = "A workbook to fill in and import: a header row of the fields an import reads, "
                    "labelled in the caller's language (`lang`, else Accept-Language; required "
                    "fields end in ` *`), drop-down lists of the labels of choices and of 예/아니오, "
                    "one example row (an import skips it while it is left as it is), column "
                    "widths and a frozen header. docs/import.md.",
     .query = "[{'name':'collection','required':true,'schema':{'type':'string',"
              "'enum':['orgs','people','capabilities']}},"
              "{'name':'lang','schema':{'$ref':'#/components/schemas/Lang'}}]",
     .status = 200, .answer = "{'type':'string','format':'binary'}", .answer_type = XLSX,
     .errors = "400"},
    {.id = "apiTokensCreate", .summary = "Create an API token",
     .description = "The answer shows the token once, in `token`. Without `expires_on` it expires "
                    "in 90 days, and never later than `--token-max-days` (365 by default); "
                    "`modules` limits it to some modules (empty: all). Only a signed-in session "
                    "creates tokens: with an API token, 403. An `Idempotency-Key` replay answers "
                    "the token's row without the token.",
     .body = "api-tokens", .status = 201, .answer = "ApiTokenCreated", .errors = "403 409 422"},
    {.id = "filesContent", .summary = "A file's bytes",
     .status = 200, .answer = "{'type':'string','format':'binary'}", .answer_type = "*/*",
     .errors = "403 404"},
    {.id = "programsOutcomes", .summary = "A support program's companies' KPIs before and after",
     .description = "For each company selected for the program: its last submitted or accepted "
                    "KPI report of a quarter before the quarter of its selection, and the last one "
                    "of a quarter after it (null when there is none). Operators only "
                    "(docs/lifecycle.md).",
     .status = 200, .answer = "ProgramOutcomes", .errors = "404"},
    {.id = "lifecycleLateReports", .summary = "A quarter's missing and late KPI reports",
     .description = "Tenant companies whose report of the quarter (by default the last one due: "
                    "reports are due on the 20th of the month after the quarter) is missing, not "
                    "submitted, or was submitted after its due day, and whether they were reminded "
                    "(by the server's sweeper or `bpmc kpi-remind`). Operators only "
                    "(docs/lifecycle.md).",
     .query = "[{'name':'quarter','schema':{'type':'string','pattern':'^[0-9]{4}-Q[1-4]$'}}]",
     .status = 200, .answer = "LateReports", .errors = "400"},
    {.id = "reportsProjectCard", .summary = "The project card (사업 카드) of a pledge project",
     .description = "The city's project card printed from live data in the seed's layout: 사업개요, "
                    "목표, 추진체계, 추진계획, 사업기간, 연도별 추진계획, 연도별 사업비 (백만원, totals "
                    "computed), 그간 추진사항, 쟁점 및 대책, 주관부서. `format` html (shown in place), "
                    "xlsx, hwpx (한글) or pdf (attachments). Operators only. docs/program.md.",
     .query = "[{'name':'format','schema':{'type':'string','enum':['html','xlsx','hwpx','pdf'],"
              "'default':'html'}}," PROJECT_Q "]",
     .status = 200, .answer = "{'type':'string','format':'binary'}",
     .answer_type = "text/html " XLSX " application/hwp+zip application/pdf",
     .errors = "400 404"},
    {.id = "programBudget", .summary = "Budget plan and execution by period and source",
     .description = "The pledge project's budget lines summed in the card's period columns (기투자, "
                    "'22.7., '23 … '26.6., 임기후) per source (국비, 도비, 시비, 기타), planned and "
                    "executed in won, with the execution rate (executed ÷ planned). Signed-in callers, "
                    "as the budget lines. docs/program.md.",
     .query = "[" PROJECT_Q "]",
     .status = 200, .answer = "ProgramBudget", .errors = "400 404"},
    {.id = "programSchedule", .summary = "The schedule matrix and rows of a pledge project",
     .description = "Each unit project with the ○ of every period column its schedule rows overlap "
                    "(연도별 추진계획), and the rows with their dates for a Gantt view. Anyone, as the "
                    "schedule. docs/program.md.",
     .query = "[" PROJECT_Q "]",
     .status = 200, .answer = "ProgramSchedule", .errors = "400 404"},
    {.id = "attractionFunnel", .summary = "The attraction pipeline's funnel (operators)",
     .description = "Prospects per stage, how many reached each stage (a dropped prospect up to "
                    "the stage it was dropped from) and the conversion to the next, anchor "
                    "candidates (all, still open, moved in), prospects by field (most first) and by "
                    "year the prospects identified, LOIs, MOUs and move-ins (each by its own date). "
                    "Operators only, as the pipeline (docs/attraction.md).",
     .status = 200, .answer = "AttractionFunnel", .errors = "400"},
    {.id = "dashboardGet", .summary = "The cluster dashboard (operators)",
     .description = "Every figure in one answer: tenants by field and stage, new organisations by "
                    "month (the last twelve, Seoul), needs, matches and collaborations by status, "
                    "bookings by month and this month's utilisation per resource, budget planned "
                    "and executed by source and year with the execution rate, achievements this "
                    "year by kind. docs/dashboard.md.",
     .status = 200, .answer = "Dashboard", .errors = "400"},
    {.id = "dashboardPublic", .summary = "The cluster's public figures",
     .description = "For anyone: tenants and new organisations counted over public organisations "
                    "only, needs over public needs of public organisations, the program's "
                    "achievements. No figure derived from a private or cluster-only row. "
                    "docs/dashboard.md.",
     .status = 200, .answer = "DashboardPublic", .errors = "400"},
    /* the engine's collection operations (engine/openapi.c) */
    {.id = "{collection}List", .summary = "List {label}", .errors = "400 401 403"},
    {.id = "{collection}Create", .summary = "Create one of {label}", .errors = "403 409 422"},
    {.id = "{collection}Get", .summary = "One of {label}", .errors = "401 403 404"},
    {.id = "{collection}Update", .summary = "Change one of {label}",
     .errors = "403 404 409 412 422 428"},
    {.id = "{collection}Delete", .summary = "Delete one of {label}", .errors = "403 404 409 412"},
};

#define NDOCS (sizeof(docs) / sizeof(docs[0]))

/* The problem answers, one shared response each (components.responses). */
static const struct {
    const char *status, *name, *description;
} problems[] = {
    {"400", "BadRequest", "The body or the query does not parse, or names something unknown."},
    {"401", "Unauthenticated", "No valid session or API token."},
    {"403", "Forbidden", "Not allowed: the caller's role, a missing or wrong X-CSRF-Token, an API "
                         "token's scope or modules, or a second factor to enrol first."},
    {"404", "NotFound", "Absent, or not visible to the caller."},
    {"409", "Conflict", "Taken, still referenced, or not in the state this needs."},
    {"412", "Stale", "If-Match does not match: someone changed the row first."},
    {"413", "TooLarge", "The body is larger than allowed."},
    {"415", "UnsupportedMediaType", "The Content-Type is not one this route takes."},
    {"422", "Invalid", "Fields that are not valid; errors[] names each."},
    {"428", "PreconditionRequired", "If-Match is required."},
    {"429", "Throttled", "Too many requests or attempts (anonymous requests from one address, "
                         "sign-in failures, invitations): try again after Retry-After seconds."},
    {"503", "Unavailable", "Too many connections from the client's address (before any request is "
                           "read), shutting down, overloaded (with Retry-After: more work without signing in "
                           "than the workers take at once), or the database does not answer or is "
                           "read-only."},
    {"4XX", "ClientProblem", "The problem document of a client error type, with its status."},
    {"5XX", "ServerProblem", "The problem document of a server error type, with its status."},
};

/* Path parameters by name, wherever a pattern captures them. */
static const struct {
    const char *name, *schema, *description;
} path_params[] = {
    {"id", "{'type':'integer','minimum':1}", "The row's id."},
    {"user", "{'type':'integer','minimum':1}", "The member's user id."},
    {"inv", "{'type':'integer','minimum':1}", "The invitation (the pending membership's id)."},
    {"type", "{'type':'string','pattern':'^[a-z-]+$'}", "A problem type, e.g. not-found."},
};

static const struct {
    unsigned bit;
    const char *name;
} methods[] = {{HTTP_GET, "get"}, {HTTP_POST, "post"}, {HTTP_PATCH, "patch"}, {HTTP_DELETE, "delete"}};

/* clang-format on */

struct build {
    json_t *doc, *paths, *schemas, *responses, *ids;
    char *why;
    size_t why_size;
};

static enum bp_err fail(struct build *b, const char *what, const char *name)
{
    snprintf(b->why, b->why_size, "%s: %s", what, name);
    return BP_ERR_INVALID;
}

/* JSON written with ' for ": a new reference, or NULL when it does not parse. */
static json_t *quoted_json(const char *text)
{
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    if (!copy)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        copy[i] = text[i] == '\'' ? '"' : text[i];
    json_t *j = json_loads(copy, JSON_REJECT_DUPLICATES, NULL);
    free(copy);
    return j;
}

/* A schema's name, or an inline schema: a new reference. */
static json_t *schema_of(const char *text)
{
    if (text[0] == '{' || text[0] == '[')
        return quoted_json(text);
    char ref[128];
    snprintf(ref, sizeof(ref), "#/components/schemas/%s", text);
    return json_pack("{s:s}", "$ref", ref);
}

/* "api-tokens" -> "apiTokens", into out; then the rest of template after "{collection}". */
static void operation_id(const char *template, const char *collection, char *out, size_t size)
{
    const char *at = strstr(template, "{collection}");
    size_t o = 0;
    bool upper = false;
    for (const char *c = collection; *c && o + 1 < size; c++) {
        if (*c == '-') {
            upper = true;
            continue;
        }
        out[o++] = upper && *c >= 'a' && *c <= 'z' ? (char)(*c - 'a' + 'A') : *c;
        upper = false;
    }
    out[o] = '\0';
    snprintf(out + o, size - o, "%s", at ? at + strlen("{collection}") : "");
}

static const struct route_doc *doc_named(const char *id, size_t *index)
{
    for (size_t i = 0; i < NDOCS; i++)
        if (strcmp(docs[i].id, id) == 0) {
            *index = i;
            return &docs[i];
        }
    return NULL;
}

/* The shared problem response of a status, made on first use: a reference to it. */
static json_t *problem_response(struct build *b, const char *status)
{
    for (size_t i = 0; i < sizeof(problems) / sizeof(problems[0]); i++) {
        if (strcmp(problems[i].status, status) != 0)
            continue;
        if (!json_object_get(b->responses, problems[i].name)) {
            json_t *r = json_pack("{s:s,s:{s:{s:{s:s}}}}", "description", problems[i].description,
                                  "content", "application/problem+json", "schema", "$ref",
                                  "#/components/schemas/Problem");
            if (r && strcmp(status, "429") == 0)
                json_object_set_new(r, "headers",
                                    json_pack("{s:{s:s,s:b,s:{s:s,s:i}}}", "Retry-After", "description",
                                              "seconds until the next attempt may succeed",
                                              "required", true, "schema", "type", "integer",
                                              "minimum", 1));
            if (r && strcmp(status, "503") == 0)
                json_object_set_new(r, "headers",
                                    json_pack("{s:{s:s,s:{s:s,s:i}}}", "Retry-After", "description",
                                              "seconds to wait before connecting again: sent with "
                                              "the per-address connection limit",
                                              "schema", "type", "integer", "minimum", 1));
            if (!r || json_object_set_new(b->responses, problems[i].name, r))
                return NULL;
        }
        char ref[96];
        snprintf(ref, sizeof(ref), "#/components/responses/%s", problems[i].name);
        return json_pack("{s:s}", "$ref", ref);
    }
    return NULL;
}

/* Add each status of list ("404 409") not answered yet to responses. */
static enum bp_err add_problems(struct build *b, json_t *responses, const char *list)
{
    char status[8];
    for (const char *p = list; p && *p;) {
        size_t n = strcspn(p, " ");
        if (n == 0 || n >= sizeof(status))
            return fail(b, "a problem status is not three characters", list);
        memcpy(status, p, n);
        status[n] = '\0';
        p += n + (p[n] == ' ');
        if (json_object_get(responses, status))
            continue;
        json_t *r = problem_response(b, status);
        if (!r)
            return fail(b, "no problem response for status", status);
        if (json_object_set_new(responses, status, r))
            return BP_ERR_NOMEM;
    }
    return BP_OK;
}

/* The problems the dispatcher answers before the handler runs (routes.c, routes_dispatch). */
static const char *dispatcher_problems(const struct route *rt)
{
    if (rt->body == BODY_JSON)
        return rt->auth == AUTH_ANY ? "400 413 415" : "400 401 403 413 415";
    if (rt->body == BODY_RAW)
        return rt->auth == AUTH_ANY ? "413" : "401 403 413";
    return rt->auth == AUTH_ANY ? "" : "401 403";
}

/* Those, the 429 of the anonymous rate (an API route open to anonymous callers: the others
 * answer them 401 first; /healthz, /readyz and /metrics are not counted), the 503 any route
 * may answer (server.c: the per-address connection limit; jobs.c: overload, read-only), then
 * the handler's own. */
static enum bp_err route_problems(struct build *b, json_t *responses, const struct route *rt,
                                  const char *errors)
{
    enum bp_err e = add_problems(b, responses, dispatcher_problems(rt));
    if (!e && rt->auth == AUTH_ANY && strncmp(rt->pattern, "/api/", 5) == 0)
        e = add_problems(b, responses, "429");
    if (!e)
        e = add_problems(b, responses, "503");
    return e ? e : add_problems(b, responses, errors);
}

/* Who may call: anyone ({}), a session cookie (with the CSRF header for a signed-in change), an
 * API token unless the route refuses them. */
static json_t *security(const struct route *rt, unsigned method, unsigned flags)
{
    bool csrf = rt->auth != AUTH_ANY && method != HTTP_GET;
    json_t *s = json_array();
    if (rt->auth == AUTH_ANY)
        json_array_append_new(s, json_object());
    json_array_append_new(s, csrf ? json_pack("{s:[],s:[]}", "session", "csrf")
                                  : json_pack("{s:[]}", "session"));
    if (!(flags & DOC_NO_TOKEN))
        json_array_append_new(s, json_pack("{s:[]}", "bearer"));
    return s;
}

static enum bp_err claim_id(struct build *b, const char *id)
{
    if (json_object_get(b->ids, id))
        return fail(b, "operationId used twice", id);
    return json_object_set_new(b->ids, id, json_true()) ? BP_ERR_NOMEM : BP_OK;
}

/* The engine's operations of every collection the route serves: named, summarised, secured. */
static enum bp_err add_collection_ops(struct build *b, const struct route *rt,
                                      const struct route_doc *d)
{
    for (const struct resource *const *r = resource_all(); *r; r++) {
        const char *name = (*r)->name;
        char path[160], id[128], summary[200];
        snprintf(path, sizeof(path), "/api/v1/%s%s", name,
                 strstr(rt->pattern, ":id") ? "/{id}" : "");
        json_t *item = json_object_get(b->paths, path);
        json_t *schema = json_object_get(b->schemas, name);
        const char *label = json_string_value(json_object_get(schema, "x-label-en"));
        const char *slot = strstr(d->summary, "{label}");
        if (slot)
            snprintf(summary, sizeof(summary), "%.*s%s%s", (int)(slot - d->summary), d->summary,
                     label ? label : name, slot + strlen("{label}"));
        else
            snprintf(summary, sizeof(summary), "%s", d->summary);
        for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
            json_t *op = json_object_get(item, methods[m].name);
            /* the first route that serves a path is the one that answers it */
            if (!(rt->methods & methods[m].bit) || !op || json_object_get(op, "operationId"))
                continue;
            operation_id(d->id, name, id, sizeof(id));
            enum bp_err e = claim_id(b, id);
            if (e)
                return e;
            json_t *responses = json_object_get(op, "responses");
            if (json_object_set_new(op, "operationId", json_string(id)) ||
                json_object_set_new(op, "summary", json_string(summary)) ||
                json_object_set_new(op, "security", security(rt, methods[m].bit, d->flags)))
                return BP_ERR_NOMEM;
            if ((e = route_problems(b, responses, rt, d->errors)))
                return e;
        }
    }
    return BP_OK;
}

/* "/api/v1/orgs/:id/members" -> "/api/v1/orgs/{id}/members"; each capture declared on item. */
static enum bp_err path_of(struct build *b, const char *pattern, char *out, size_t size,
                           json_t **item_out)
{
    char names[2][32];
    size_t o = 0, np = 0;
    for (const char *c = pattern; *c && o + 2 < size; c++) {
        if (*c != ':') {
            out[o++] = *c;
            continue;
        }
        size_t n = strcspn(c + 1, "/");
        if (np == 2 || n >= sizeof(names[0]) || o + n + 3 > size)
            return fail(b, "a pattern does not fit", pattern);
        snprintf(names[np++], sizeof(names[0]), "%.*s", (int)n, c + 1);
        out[o++] = '{';
        memcpy(out + o, c + 1, n);
        o += n;
        out[o++] = '}';
        c += n;
    }
    out[o] = '\0';
    json_t *item = json_object_get(b->paths, out);
    if (!item && (!(item = json_object()) || json_object_set_new(b->paths, out, item)))
        return BP_ERR_NOMEM;
    *item_out = item;
    json_t *params = json_object_get(item, "parameters");
    for (size_t i = 0; i < np; i++) {
        bool declared = false;
        size_t k;
        json_t *p;
        json_array_foreach(params, k, p)
        {
            const char *name = json_string_value(json_object_get(p, "name"));
            declared |= name && strcmp(name, names[i]) == 0;
        }
        if (declared)
            continue;
        size_t j = 0;
        while (j < sizeof(path_params) / sizeof(path_params[0]) && strcmp(path_params[j].name, names[i]))
            j++;
        if (j == sizeof(path_params) / sizeof(path_params[0]))
            return fail(b, "a path parameter has no schema in path_params", names[i]);
        if (!params && (!(params = json_array()) || json_object_set_new(item, "parameters", params)))
            return BP_ERR_NOMEM;
        json_t *schema = quoted_json(path_params[j].schema);
        if (!schema || json_array_append_new(params, json_pack("{s:s,s:s,s:b,s:s,s:o}", "name", names[i],
                                                               "in", "path", "required", 1, "description",
                                                               path_params[j].description, "schema", schema)))
            return BP_ERR_NOMEM;
    }
    return BP_OK;
}

/* A hand-written route's operation, whole. */
/* The content of a body or an answer: schema under each of types (media types, space-separated;
 * NULL: application/json). NULL without memory. */
static json_t *content_of(json_t *schema, const char *types)
{
    json_t *content = json_object();
    if (!content)
        return NULL;
    for (const char *t = types ? types : "application/json"; *t;) {
        size_t n = strcspn(t, " ");
        char type[128];
        snprintf(type, sizeof(type), "%.*s", (int)n, t);
        json_object_set_new(content, type, json_pack("{s:O}", "schema", schema));
        t += n + (t[n] == ' ');
    }
    return content;
}

static enum bp_err add_route_op(struct build *b, const struct route *rt, const struct route_doc *d)
{
    static const char *const auth[] = {[AUTH_ANY] = "anyone", [AUTH_USER] = "signed-in",
                                       [AUTH_OPERATOR] = "operator"};
    char path[160], tag[64] = "platform";
    json_t *item;
    enum bp_err e = path_of(b, rt->pattern, path, sizeof(path), &item);
    if (e)
        return e;
    if (strncmp(rt->pattern, "/api/v1/", 8) == 0)
        snprintf(tag, sizeof(tag), "%.*s", (int)strcspn(rt->pattern + 8, "/"), rt->pattern + 8);
    for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
        if (!(rt->methods & methods[m].bit))
            continue;
        if ((e = claim_id(b, d->id)))
            return e;
        json_t *op = json_pack("{s:s,s:s,s:[s],s:s,s:o,s:{}}", "operationId", d->id, "summary",
                               d->summary, "tags", tag, "x-bpmc-auth", auth[rt->auth], "security",
                               security(rt, methods[m].bit, d->flags), "responses");
        if (!op || json_object_set_new(item, methods[m].name, op))
            return BP_ERR_NOMEM;
        if (d->description && json_object_set_new(op, "description", json_string(d->description)))
            return BP_ERR_NOMEM;
        if (d->query) {
            json_t *q = quoted_json(d->query), *p;
            size_t i;
            if (!json_is_array(q)) {
                json_decref(q);
                return fail(b, "query parameters do not parse", d->id);
            }
            json_array_foreach(q, i, p)
            {
                json_object_set_new(p, "in", json_string("query"));
            }
            json_object_set_new(op, "parameters", q);
        }
        if (d->body) {
            json_t *schema = schema_of(d->body);
            json_t *content = schema ? content_of(schema, d->body_types) : NULL;
            json_decref(schema);
            if (!content)
                return fail(b, "the request body does not parse", d->id);
            json_object_set_new(op, "requestBody", json_pack("{s:b,s:o}", "required", 1, "content", content));
        }
        json_t *responses = json_object_get(op, "responses");
        if (d->status) {
            char status[8];
            snprintf(status, sizeof(status), "%d", d->status);
            json_t *answer = json_pack("{s:s}", "description", d->status == 204 ? "done" : "the answer");
            if (d->answer) {
                json_t *schema = schema_of(d->answer);
                json_t *content = schema ? content_of(schema, d->answer_type) : NULL;
                json_decref(schema);
                if (!content) {
                    json_decref(answer);
                    return fail(b, "the answer does not parse", d->id);
                }
                json_object_set_new(answer, "content", content);
            }
            json_object_set_new(responses, status, answer);
        }
        if ((e = route_problems(b, responses, rt, d->errors)))
            return e;
    }
    return BP_OK;
}

static enum bp_err add_schemas(struct build *b)
{
    for (size_t i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++) {
        if (json_object_get(b->schemas, schemas[i].name))
            return fail(b, "a schema is named as the engine's", schemas[i].name);
        json_t *s = quoted_json(schemas[i].schema);
        if (!s)
            return fail(b, "a schema does not parse", schemas[i].name);
        if (json_object_set_new(b->schemas, schemas[i].name, s))
            return BP_ERR_NOMEM;
    }
    json_t *components = json_object_get(b->doc, "components");
    json_t *schemes = json_pack(
        "{s:{s:s,s:s,s:s,s:s},s:{s:s,s:s,s:s,s:s},s:{s:s,s:s,s:s}}", "session", "type", "apiKey",
        "in", "cookie", "name", "bpmc_session", "description",
        "The session cookie that POST /api/v1/session sets.", "csrf", "type", "apiKey", "in",
        "header", "name", "X-CSRF-Token", "description",
        "The session's csrf_token: required with the cookie on every change of a signed-in route.",
        "bearer", "type", "http", "scheme", "bearer", "description",
        "An API token (POST /api/v1/api-tokens) as Authorization: Bearer <token>; read tokens "
        "read only.");
    if (!components || !schemes || json_object_set_new(components, "securitySchemes", schemes) ||
        json_object_set(components, "responses", b->responses))
        return BP_ERR_NOMEM;
    return BP_OK;
}

enum bp_err openapi_routes_add(json_t *doc, char *why, size_t why_size)
{
    struct build b = {doc, json_object_get(doc, "paths"),
                      json_object_get(json_object_get(doc, "components"), "schemas"), json_object(),
                      json_object(), why, why_size};
    bool used[NDOCS] = {false};
    enum bp_err e = BP_ERR_NOMEM;
    why[0] = '\0';
    if (!b.paths || !b.schemas || !b.responses || !b.ids)
        goto out;
    if ((e = add_schemas(&b)))
        goto out;
    const struct route *rt;
    for (size_t i = 0; (rt = routes_row(i)); i++) {
        size_t k;
        const struct route_doc *d = rt->operation_id ? doc_named(rt->operation_id, &k) : NULL;
        if (!rt->operation_id)
            continue;
        if (!d) {
            e = fail(&b, "a route names an operation without a row in openapi_routes.c", rt->pattern);
            goto out;
        }
        used[k] = true;
        e = strstr(d->id, "{collection}") ? add_collection_ops(&b, rt, d) : add_route_op(&b, rt, d);
        if (e)
            goto out;
    }
    for (size_t k = 0; k < NDOCS; k++)
        if (!used[k]) {
            e = fail(&b, "no route names the operation", docs[k].id);
            goto out;
        }
out:
    json_decref(b.responses);
    json_decref(b.ids);
    return e;
}
