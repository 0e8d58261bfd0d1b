// The server reports roster problems in English (its log and API language). The import page
// shows them in the user's language: each known reason, with the line numbers it carries, has a
// Chinese wording here; a reason not listed is shown as sent.
const zh: [RegExp, string][] = [
  [/^must be 男 or 女$/, '只能填“男”或“女”'],
  [/^is not a date such as 2014-03-08$/, '不是日期，请写成 2014-03-08 这样的格式'],
  [/^is empty$/, '没有填写'],
  [/^must be 是 or 否$/, '只能填“是”或“否”'],
  [/^is empty while a phone is given$/, '填了电话，却没有填监护人姓名'],
  [/^is not a valid name$/, '不是有效的姓名'],
  [/^is not a phone number$/, '不是有效的手机号'],
  [/^must be 父亲, 母亲, 祖父, 祖母, 其他亲属 or 其他$/, '只能填 父亲、母亲、祖父、祖母、其他亲属 或 其他'],
  [/^repeats the student number of line (\d+)$/, '与第 $1 行的学籍号重复'],
  [/^repeats the ID number of line (\d+)$/, '与第 $1 行的身份证号重复'],
  [/^may not begin with student- .*$/, '不能以 student- 开头（这是学生账号专用的）'],
  [/^must be 3 to 64 letters, digits.*$/, '须为 3 到 64 位字母、数字或 . _ -（它就是登录名）'],
  [/^administrators and auditors are not imported.*$/, '管理员和审计员不能通过名单导入，请由系统运维人员创建'],
  [/^is not a staff role .*$/, '不是可导入的角色（心理教师、班主任、年级长、校领导、教育局、医院、热线）'],
  [/^repeats the 工号 of line (\d+) with a different name$/, '与第 $1 行工号相同但姓名不同'],
  [/^differs from the phone of the same person on line (\d+)$/, '与第 $1 行同一人的手机号不一致'],
  [/^is not a grade of this school$/, '本校没有这个年级，请先在组织架构中建好'],
  [/^is not a class of that grade$/, '该年级下没有这个班级，请先在组织架构中建好'],
  [/^belongs to another student already$/, '已属于另一名学生'],
  [/^is not a unit under the one imported into.*$/, '不在导入的单位之下；请写出路径，如 七年级/1班'],
  [/^names more than one unit.*$/, '对应了不止一个单位；请写出路径，如 七年级/1班'],
  [/^is already the sign-in name of an account outside the units you manage.*$/, '已是你管理范围以外某个账号的登录名，请换一个工号'],
  [/^a class teacher \(班主任\) belongs on a class$/, '班主任应属于某个班级'],
  [/^a grade lead \(年级长\) belongs on a grade or faculty$/, '年级长应属于某个年级或院系'],
  [/^school leaders and psychology teachers belong on a school$/, '校领导和心理教师应属于某所学校'],
  [/^bureau staff .*$/, '教育局人员应属于区县、市或局内科室'],
  [/^hospital partners belong on a hospital$/, '医院人员应属于某家医院'],
  [/^hotline operators belong on a hotline$/, '热线人员应属于某条热线'],
  [/^name is longer than 50 characters$/, '姓名超过 50 个字'],
  [/^student number must have 1 to 32 characters$/, '学籍号应为 1 到 32 位'],
  [/^student number may hold only letters and digits$/, '学籍号只能包含字母和数字'],
  [/^birth date is not plausible for a student$/, '出生日期不合常理，请核对'],
  [/^ID number is not a valid 18-character resident ID number$/, '不是有效的 18 位身份证号'],
  [/^ID number does not match the birth date$/, '与出生日期不一致'],
  [/^the header row lacks the columns (.*)$/, '表头缺少这些列：$1'],
  [/^the file is empty$/, '文件是空的'],
]

export function reasonText(reason: string, locale: string): string {
  if (locale !== 'zh-CN') return reason
  for (const [pattern, text] of zh) {
    if (pattern.test(reason)) return reason.replace(pattern, text)
  }
  return reason
}
