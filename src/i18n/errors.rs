//! Service refusals and form problems as staff read them on the desk, in
//! Chinese; in English they are the errors' own text.

use super::Lang;
use crate::service::staff::{StaffError, MAX_LOGIN, MAX_NAME};

impl Lang {
    /// A service refusal as staff read it on the desk screens. The command
    /// line and logs keep the English text of the error itself.
    pub fn error(self, e: &crate::service::ServiceError) -> String {
        use crate::domain::workflow::WorkflowError as W;
        use crate::service::ServiceError as S;
        if self == Lang::En {
            return e.to_string();
        }
        match e {
            S::Forbidden { role, what, .. } => {
                let what = crate::domain::Step::from_code(what).map_or(zh_deed(what), |a| a.zh());
                format!("{}无权{}", role.zh(), what)
            }
            S::Workflow { ledger, error } => {
                let why = match error {
                    W::NotAllowed { state, action } => {
                        format!("事项处于“{}”状态，不能{}", state.zh(), action.zh())
                    }
                    W::Missing { action, field } => {
                        format!("{}需要填写{}", action.zh(), zh_field(field))
                    }
                    W::ExtendTooLong { days, max } => format!("延期{days}天超过上限{max}天"),
                    W::AlreadyExtended => "该事项已延期过一次".to_string(),
                    W::NoReplyYet => "尚未答复，不能评价".to_string(),
                    W::OutOfOrder => "时间早于事项的登记或上一步办理".to_string(),
                    W::NoReviewForKind { kind } => format!(
                        "该事项为{}，只有申诉求决类事项可申请复查、复核",
                        kind.zh()
                    ),
                    W::HearingOpen => "听证尚未结束，请先记录听证结束".to_string(),
                    W::NoHearing => "没有进行中的听证".to_string(),
                    W::WindowClosed { action, closed } => format!(
                        "{}期限已于{}届满，不能{}",
                        action.zh(),
                        closed,
                        action.zh()
                    ),
                };
                format!("{ledger}：{why}")
            }
            S::UnknownUser { login, admins } => format!(
                "Unix 用户“{login}”不在本数据库的人员名单中，请联系管理员{}添加（xfdesk staff add）",
                zh_admins(admins)
            ),
            S::Disabled { login, admins } => format!(
                "登录名“{login}”已停用，请联系管理员{}重新启用（xfdesk staff enable）",
                zh_admins(admins)
            ),
            S::Staff(e) => zh_staff(e),
            S::NotFound(what) => zh_not_found(what),
            S::Stopped { cut, reconnect, .. } => cut.zh(*reconnect).to_string(),
            other => other.to_string(),
        }
    }
}

/// "（root、lijun）": the admins to ask, when there are any.
fn zh_admins(admins: &[String]) -> String {
    if admins.is_empty() {
        String::new()
    } else {
        format!("（{}）", admins.join("、"))
    }
}

fn zh_staff(e: &StaffError) -> String {
    match e {
        StaffError::BadLogin(l) => format!(
            "“{l}”不是 Unix 用户名：1至{MAX_LOGIN}个小写字母、数字、_ 或 -，以字母或 _ 开头"
        ),
        StaffError::BadName => format!("请填写姓名（最多{MAX_NAME}字）"),
        StaffError::Exists { login, disabled } => format!(
            "“{login}”已在人员名单中{}",
            if *disabled {
                "（已停用，可重新启用）"
            } else {
                ""
            }
        ),
        StaffError::NoUnit(u) => format!("查无此单位：{u}"),
        StaffError::NotStaff(l) => format!("“{l}”不在人员名单中"),
        StaffError::AlreadyDisabled(l) => format!("“{l}”已停用"),
        StaffError::AlreadyActive(l) => format!("“{l}”未停用"),
        StaffError::SameRole { login, role } => format!("“{login}”已是{}", role.zh()),
        StaffError::OwnLogin => {
            "管理员不能停用自己的登录名或更改自己的角色，请由其他管理员办理".into()
        }
        StaffError::LastAdmin(l) => format!("“{l}”是最后一位在用的管理员，请先设立另一位管理员"),
    }
}

impl Lang {
    /// A form field's problem as staff read it beside the field.
    pub fn field_error(self, e: &crate::service::register::FieldError) -> String {
        use crate::service::register::FormField as F;
        use crate::service::register::Problem as P;
        if self == Lang::En {
            return e.message();
        }
        match &e.problem {
            P::Required(_) => match e.field {
                F::Name => "请填写姓名".into(),
                F::Summary => "请填写事由".into(),
                F::LetterNo => "来信须填写信件编号".into(),
                F::Town | F::MatterTown => "事项须有属地镇街".into(),
                _ => "此项必填".into(),
            },
            P::TooLong { max } => format!("超过{max}字"),
            P::NotOnFile(what) => zh_not_found(what),
            P::InFuture => "时间晚于现在".into(),
            P::BeforeRegistration(l) => format!("早于事项{l}的登记时间"),
            P::Headcount { max } => format!("人数须为1至{max}"),
            P::NotCollective { min } => format!("集体访（{min}人以上）才登记代表"),
            P::TooManyRepresentatives { max } => format!("代表最多{max}人"),
            P::IdNumber(id) => self.id_error(id),
            P::AlreadyOnFile { name } => format!("已在档：{name}，请从候选中选择"),
            P::Phone { typed, .. } => format!("“{typed}”不是电话号码"),
            P::VillageOutsideTown { village, town } => format!("{village}不属于{town}"),
            P::TimeFormat => "格式：YYYY-MM-DD HH:MM".into(),
            P::NotPicked(typed) => format!("“{typed}”未选定：用↑↓和空格标记在档的人"),
            P::NoOneFound(typed) => format!("查无“{typed}”：代表须先登记在档"),
            P::NotCorrectable => "只有在档的信访人可更正".into(),
        }
    }
}

impl Lang {
    /// Why typed text is not an ID number.
    pub fn id_error(self, e: &crate::domain::idnum::IdError) -> String {
        use crate::domain::idnum::IdError;
        if self == Lang::En {
            return e.to_string();
        }
        match e {
            IdError::Length(n) => format!("应为18位（旧证15位），现为{n}位"),
            IdError::BadChar { at, found } => format!("第{at}位“{found}”不是数字"),
            IdError::CheckChar { found, expected } => {
                format!("校验码为{found}，应为{expected}")
            }
            IdError::ImpossibleBirth(d) => format!("出生日期{d}不存在"),
            IdError::FutureBirth(d) => format!("出生日期{d}晚于今天"),
        }
    }
}

/// What the service found no record of. `ServiceError::NotFound` names it in
/// the service's English ("staff login \"x\"", "matter 2026-000001"); the
/// kinds a desk screen can meet are worded here, others quoted.
fn zh_not_found(what: &str) -> String {
    let quoted = |s: &str| format!("“{}”", s.trim_matches('"'));
    if let Some(login) = what.strip_prefix("staff login ") {
        format!("人员名单中没有登录名{}", quoted(login))
    } else if let Some(number) = what.strip_prefix("a petitioner with ID number ") {
        format!("查无身份证号为{number}的信访人")
    } else if let Some(ledger) = what.strip_prefix("matter ") {
        format!("查无事项{ledger}")
    } else if let Some(id) = what.strip_prefix("petitioner ") {
        format!("查无信访人{id}")
    } else if let Some(town) = what.strip_prefix("town ") {
        format!("查无镇街{town}")
    } else if let Some(village) = what.strip_prefix("village ") {
        format!("查无村居{village}")
    } else if let Some(category) = what.strip_prefix("category ") {
        format!("查无类别{category}")
    } else {
        format!("查无此项：{what}")
    }
}

/// A refusal's deed (`service::deed`) in Chinese; an unknown one as given.
fn zh_deed(what: &str) -> &str {
    use crate::service::deed as d;
    match what {
        d::REGISTER => "登记",
        d::REVEAL => "查看完整的身份证号和电话",
        d::PARTIAL_NUMBER_SEARCH => {
            "按身份证号或电话的一部分查找（请输入完整号码、电话后4位，或姓名加身份证号后4至6位）"
        }
        d::IMPORT => "导入数据",
        d::EXPORT => "导出数据",
        d::BACKUP => "备份数据库",
        d::SET_HOLIDAYS => "设定节假日",
        d::SET_STAT_MONTH => "设定统计月",
        d::SET_OFFICE => "更改办公室设置",
        d::COMPACT => "压缩数据库",
        d::MIGRATE => "升级数据库",
        d::VIEW_REPORTS => "查看报表",
        d::READ_AUDIT => "查阅审计记录",
        d::MANAGE_STAFF => "管理人员",
        d::CHECK => "检查数据库",
        other => super::cases::zh_deed(other).unwrap_or(other),
    }
}

fn zh_field(field: &str) -> &'static str {
    match field {
        "unit" => "单位",
        "reason" => "理由",
        "to" => "对象",
        "days" => "天数",
        "satisfaction" => "满意度",
        "method" => "送达方式",
        "notice" => "送达文书",
        "text" => "答复内容",
        "opinion" => "答复意见类型",
        _ => "必填项",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workflow::WorkflowError;
    use crate::domain::{LedgerNo, MatterState, Role, Step};
    use crate::service::ServiceError;

    #[test]
    fn refusals_read_in_chinese_on_the_desk_and_stay_english_in_english() {
        let ledger = LedgerNo { year: 2026, seq: 7 };
        let cases = [
            (
                ServiceError::Workflow {
                    ledger,
                    error: WorkflowError::NotAllowed {
                        state: MatterState::Replied,
                        action: Step::Accept,
                    },
                },
                "2026-000007：事项处于“已答复”状态，不能受理",
            ),
            (
                ServiceError::Forbidden {
                    login: "zhangli".into(),
                    role: Role::Receptionist,
                    what: "extend",
                },
                "接待员无权延期",
            ),
        ];
        for (e, zh) in cases {
            assert_eq!(Lang::Zh.error(&e), zh);
            assert_eq!(Lang::En.error(&e), e.to_string());
        }
    }

    #[test]
    fn a_refused_login_is_told_whom_to_ask_in_both_languages() {
        let e = ServiceError::Disabled {
            login: "zhangli".into(),
            admins: vec!["root".into(), "lijun".into()],
        };
        assert_eq!(
            e.to_string(),
            "staff login \"zhangli\" is disabled; ask an admin (root, lijun) to re-enable it (xfdesk staff enable)"
        );
        assert_eq!(
            Lang::Zh.error(&e),
            "登录名“zhangli”已停用，请联系管理员（root、lijun）重新启用（xfdesk staff enable）"
        );
        let e = ServiceError::UnknownUser {
            login: "guest".into(),
            admins: vec!["root".into()],
        };
        assert!(
            e.to_string().contains("ask an admin (root) to add you"),
            "{e}"
        );
        assert!(Lang::Zh.error(&e).contains("请联系管理员（root）添加"));
    }

    #[test]
    fn staff_refusals_read_in_chinese() {
        let cases = [
            StaffError::BadLogin("Zhang Li".into()),
            StaffError::BadName,
            StaffError::Exists {
                login: "zhangli".into(),
                disabled: true,
            },
            StaffError::NoUnit("xyz".into()),
            StaffError::NotStaff("nobody".into()),
            StaffError::AlreadyDisabled("zhangli".into()),
            StaffError::AlreadyActive("zhangli".into()),
            StaffError::SameRole {
                login: "zhangli".into(),
                role: Role::Receptionist,
            },
            StaffError::OwnLogin,
            StaffError::LastAdmin("root".into()),
        ];
        for e in cases {
            let e = ServiceError::Staff(e);
            let zh = Lang::Zh.error(&e);
            assert!(
                !zh.is_ascii() && zh != e.to_string() && !zh.contains("already"),
                "{e}: {zh}"
            );
        }
    }

    #[test]
    fn every_refusal_reads_in_chinese() {
        for what in crate::service::deed::ALL {
            let e = ServiceError::Forbidden {
                login: "zhaomin".into(),
                role: Role::Leader,
                what,
            };
            let zh = Lang::Zh.error(&e);
            assert!(
                zh.starts_with("领导无权") && !zh.contains(what),
                "{what}: {zh}"
            );
        }
    }
}
