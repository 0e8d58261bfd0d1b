#include "core/audit/audit_words.hpp"

#include <map>

#include "core/auth/policy.hpp"

namespace xinqiao::core::audit {
namespace {

const std::map<std::string, Words, std::less<>>& ByCode() {
    static const auto kByCode = [] {
        std::map<std::string, Words, std::less<>> m;
        for (const auto& a : AuditActions()) m.emplace(a.code, a.words);
        return m;
    }();
    return kByCode;
}

// "account.grant.class_teacher" -> the words of "account.grant" with the role's: 授予角色：班主任.
std::optional<Words> WithRole(std::string_view code, std::string_view stem) {
    if (code.size() <= stem.size() + 1 || code.substr(0, stem.size()) != stem || code[stem.size()] != '.') {
        return std::nullopt;
    }
    const auto role = auth::ParseRole(code.substr(stem.size() + 1));
    const auto it = ByCode().find(stem);
    if (!role || it == ByCode().end()) return std::nullopt;
    const Words r = auth::RoleWords(*role);
    return Words{it->second.zh + "：" + r.zh, it->second.en + ": " + r.en};
}

}  // namespace

const std::vector<ActionWords>& AuditActions() {
    static const std::vector<ActionWords> kAll = {
        {"session.sign_in", {"登录", "Signed in"}},
        {"session.sign_in_failed", {"登录失败", "Failed to sign in"}},
        {"session.sign_out", {"退出登录", "Signed out"}},
        {"session.sign_out_everywhere", {"在所有设备上退出登录", "Signed out on every device"}},
        {"account.create", {"创建账号", "Created an account"}},
        {"account.activate", {"激活账号", "Activated an account"}},
        {"account.issue_activation", {"补发激活码", "Issued an activation code"}},
        {"account.reset_password", {"重置密码", "Reset a password"}},
        {"account.enroll_two_factor", {"开通动态验证码", "Set up two-step sign-in"}},
        {"account.grant", {"授予角色", "Granted a role"}},
        {"account.revoke", {"收回角色", "Took back a role"}},
        {"guardian_invitation.redeem", {"家长用邀请码注册", "A guardian signed up with an invitation"}},
        {"org_unit.create", {"新建单位", "Added a unit"}},
        {"org_unit.update", {"修改单位信息", "Changed a unit"}},
        {"org_unit.move", {"调整单位隶属", "Moved a unit"}},
        {"roster.import", {"导入学生名单", "Imported a student list"}},
        {"staff.import", {"导入教职工名单", "Imported a staff list"}},
        {"class.sign_in_codes.issue", {"生成学生登录码", "Issued students' sign-in codes"}},
        {"student.archive.read", {"查看学生心理档案", "Opened a student's record"}},
        {"student.notes.read", {"查看谈话记录", "Read the notes on a student"}},
        {"student.notes.break_glass", {"写明理由查看谈话记录", "Read notes with a written reason"}},
        {"student.note.create", {"写谈话记录", "Wrote a note"}},
        {"student.guardian_invitation.issue", {"生成家长邀请码", "Issued a guardian invitation"}},
        {"student.pair", {"结对帮扶", "Paired a teacher with a student"}},
        {"student.unpair", {"解除结对", "Ended a pairing"}},
        {"student.support", {"记录帮扶", "Recorded support given"}},
        {"student.supports.read", {"查看帮扶记录", "Read the support given"}},
        {"campaign.create", {"发起测评", "Started a screening"}},
        {"campaign.extend", {"延长测评时间", "Extended a screening"}},
        {"campaign.close", {"结束测评", "Closed a screening"}},
        {"campaign.reopen", {"重新开放测评", "Reopened a screening"}},
        {"campaign.export", {"导出测评结果", "Exported screening results"}},
        {"campaign.class.levels.read", {"查看班级测评等级", "Opened a class's screening levels"}},
        {"assignment.consent.given", {"家长同意测评", "A guardian agreed to screening"}},
        {"assignment.consent.refused", {"家长不同意测评", "A guardian declined screening"}},
        {"assignment.start", {"开始作答", "Began a questionnaire"}},
        {"assignment.submit", {"提交问卷", "Handed in a questionnaire"}},
        {"assignment.result.read", {"查看测评结果", "Opened a screening result"}},
        {"signal.file", {"上报学生情况", "Reported a concern about a student"}},
        {"alert.read", {"查看预警", "Opened an alert"}},
        {"alert.acknowledge", {"接手预警", "Took on an alert"}},
        {"alert.assign", {"指派预警", "Assigned an alert"}},
        {"alert.escalate", {"上报预警", "Escalated an alert"}},
        {"alert.close", {"关闭预警", "Closed an alert"}},
        {"alert.notes.read", {"查看预警中的报告原话", "Read the words of a report on an alert"}},
        {"alert.task.record", {"记录班主任跟进（谈话、家校联系、看护）", "Recorded a class teacher's task (talk, home contact, watch)"}},
        {"region.response_times.set", {"设置预警响应时限", "Set alert response times"}},
        {"region.response_times.clear", {"恢复默认响应时限", "Restored the default response times"}},
        {"case.open", {"建立危机个案", "Opened a crisis case"}},
        {"case.read", {"查看危机个案", "Opened a crisis case record"}},
        {"case.record", {"记录个案进展", "Added to a case record"}},
        {"case.advance", {"个案进入下一步", "Moved a case to its next step"}},
        {"case.conference", {"记录会诊", "Recorded a case conference"}},
        {"case.close", {"结案", "Closed a case"}},
        {"case.reopen", {"重新打开个案", "Reopened a case"}},
        {"crisis_team.put", {"设置危机干预小组成员", "Set a crisis team member"}},
        {"crisis_team.remove", {"移出危机干预小组", "Took someone off a crisis team"}},
        {"referral.create", {"转介到医院", "Referred a student to a hospital"}},
        {"referral.read", {"查看转介", "Opened a referral"}},
        {"referral.referral_accept", {"医院接收转介", "The hospital accepted a referral"}},
        {"referral.referral_decline", {"医院未接收转介", "The hospital declined a referral"}},
        {"referral.referral_outcome", {"医院反馈就诊结果", "The hospital reported the outcome"}},
        {"referral.return_assessment", {"复学评估", "Assessed a return to school"}},
        {"referral.return_plan", {"制定复学安排", "Planned a return to school"}},
        {"referral.referral_withdraw", {"撤回转介", "Withdrew a referral"}},
        {"follow_up.plan", {"安排随访", "Planned follow-ups"}},
        {"follow_up.done", {"完成随访", "Recorded a follow-up"}},
        {"follow_up.cancel", {"取消随访", "Cancelled a follow-up"}},
        {"webhook.create", {"新建消息推送", "Added a webhook"}},
        {"webhook.delete", {"删除消息推送", "Removed a webhook"}},
        {"audit.export", {"导出审计日志", "Exported the audit trail"}},
        {"keyring.rotate", {"更换加密密钥", "Changed the encryption key"}},
        {"keyring.reencrypt", {"用新密钥重新加密", "Re-encrypted with the new key"}},
    };
    return kAll;
}

std::optional<Words> DescribeAction(std::string_view code) {
    if (code == "account.grant" || code == "account.revoke") return std::nullopt;  // stored with a role
    if (const auto it = ByCode().find(code); it != ByCode().end()) return it->second;
    if (auto w = WithRole(code, "account.grant")) return w;
    return WithRole(code, "account.revoke");
}

std::optional<Words> DescribeActorRole(std::string_view role) {
    if (const auto r = auth::ParseRole(role)) return auth::RoleWords(*r);
    if (role == "system") return Words{"系统", "the system"};
    if (role == "operator") return Words{"运维（命令行）", "operator (command line)"};
    if (role == "local") return Words{"运维（本机）", "operator (this machine)"};
    if (role == "anonymous") return Words{"未登录", "not signed in"};
    if (role == "staff") return Words{"教职工", "staff"};
    if (role == "none") return Words{"无角色", "no role"};
    if (role == "self") return Words{"本人", "the account holder"};
    return std::nullopt;
}

std::optional<Words> DescribeTargetType(std::string_view type) {
    static const std::map<std::string, Words, std::less<>> kTypes = {
        {"account", {"账号", "account"}},
        {"student", {"学生", "student"}},
        {"org_unit", {"单位", "unit"}},
        {"campaign", {"测评", "screening"}},
        {"assignment", {"问卷", "questionnaire"}},
        {"alert", {"预警", "alert"}},
        {"case", {"危机个案", "crisis case"}},
        {"referral", {"转介", "referral"}},
        {"follow_up", {"随访", "follow-up"}},
        {"webhook", {"消息推送", "webhook"}},
        {"audit_log", {"审计日志", "audit trail"}},
        {"keyring", {"加密密钥", "encryption key"}},
    };
    if (const auto it = kTypes.find(type); it != kTypes.end()) return it->second;
    return std::nullopt;
}

}  // namespace xinqiao::core::audit
