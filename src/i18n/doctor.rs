//! The lines of `xfdesk doctor`, Chinese (the default) and English: each
//! says what was found and, when something is wrong, what to run.

use super::Lang;
use crate::cli::doctor::{Finding, Severity};

fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
}

fn percent(free: u64, total: u64) -> u64 {
    (free.saturating_mul(100)).checked_div(total).unwrap_or(0)
}

impl Lang {
    /// One finding as `xfdesk doctor` prints it, with its severity first.
    pub fn doctor_line(self, f: &Finding) -> String {
        let head = match (self, f.severity()) {
            (Lang::Zh, Severity::Ok) => "正常",
            (Lang::Zh, Severity::Warning) => "警告",
            (Lang::Zh, Severity::Error) => "错误",
            (Lang::En, Severity::Ok) => "ok",
            (Lang::En, Severity::Warning) => "warning",
            (Lang::En, Severity::Error) => "error",
        };
        let body = match self {
            Lang::Zh => zh(f),
            Lang::En => en(f),
        };
        format!("{head}: {body}")
    }

    /// The closing line: how many errors and warnings.
    pub fn doctor_summary(self, errors: usize, warnings: usize) -> String {
        match self {
            Lang::Zh => format!("检查完毕：{errors} 个错误，{warnings} 个警告"),
            Lang::En => format!("doctor: {errors} errors, {warnings} warnings"),
        }
    }
}

fn zh(f: &Finding) -> String {
    use Finding::*;
    match f {
        DbMissing { db } => format!(
            "数据库目录 {} 不存在；新建用 xfdesk --db {} init，或从备份恢复（xfdesk restore）",
            db.display(),
            db.display()
        ),
        DbDir { db, owner, group, mode } => format!(
            "数据库目录 {}：属主 {owner}，组 {group}，权限 {mode:04o}",
            db.display()
        ),
        // The wording of `xfdesk check`, which has it in English only.
        LooseMode(w) => format!("权限过宽：{}", w.trim_start_matches("warning: ")),
        ForeignOwner { path, owner, db, want } => format!(
            "{} 属于 {owner}，不属于数据库目录的属主，服务无法写入；运行：chown -R {want} {}",
            path.display(),
            db.display()
        ),
        Reserve { path } => format!("预留文件 {} 在（16 MiB，磁盘满时用于打开数据库）", path.display()),
        ReserveMissing { path } => format!(
            "预留文件 {} 缺失：磁盘曾经满过；腾出空间后，下次打开数据库时自动重建",
            path.display()
        ),
        SocketLive { socket, group, mode } => format!(
            "服务在 {} 应答（组 {group}，权限 {mode:04o}）",
            socket.display()
        ),
        SocketGroup { socket, group, db_group } => format!(
            "服务在 {} 应答，但套接字的组 {group} 不是数据库目录的组 {db_group}；运行：chgrp {db_group} {}",
            socket.display(),
            socket.display()
        ),
        SocketAbsent { socket } => format!(
            "没有服务：{} 不存在（多台接待终端共用时启动：systemctl start xfdesk）",
            socket.display()
        ),
        SocketStale { socket } => format!(
            "{} 无人应答，是停止的服务留下的；启动服务：systemctl start xfdesk",
            socket.display()
        ),
        NotASocket { socket } => format!(
            "{} 不是套接字，服务无法使用；移走它或用 --socket 指定别的路径",
            socket.display()
        ),
        SocketUnknown { detail } => format!("无法查看套接字：{detail}"),
        Holidays { year } => format!("已载入{year}年节假日安排"),
        NoHolidays { year } => Lang::Zh.no_holiday_list(*year),
        HolidaysUnread { detail } => format!("无法读取节假日安排：{detail}"),
        Space { free, total } => format!(
            "磁盘剩余 {}（{}%）",
            gib(*free),
            percent(*free, *total)
        ),
        SpaceLow { free, total } => format!(
            "磁盘剩余只有 {}（{}%）；低于 1 GiB 或 10% 时请清理或扩容",
            gib(*free),
            percent(*free, *total)
        ),
        SpaceUnknown { detail } => format!("无法查看剩余空间：{detail}"),
        Backup { file, hours } => format!("最新备份 {}，{hours} 小时前", file.display()),
        BackupOld { file, days } => format!(
            "最新备份 {} 已是 {days} 天前；查看备份任务：systemctl status xfdesk-backup.timer，journalctl -u xfdesk-backup",
            file.display()
        ),
        NoBackup { dir } => format!(
            "{} 中没有备份（*.jsonl）；启用：systemctl enable --now xfdesk-backup.timer",
            dir.display()
        ),
        BackupsUnread { dir, detail } => format!("无法读取备份目录 {}：{detail}", dir.display()),
    }
}

fn en(f: &Finding) -> String {
    use Finding::*;
    match f {
        DbMissing { db } => format!(
            "database directory {} does not exist; make one with xfdesk --db {} init, or restore a backup (xfdesk restore)",
            db.display(),
            db.display()
        ),
        DbDir { db, owner, group, mode } => format!(
            "database directory {}: owner {owner}, group {group}, mode {mode:04o}",
            db.display()
        ),
        LooseMode(w) => w.trim_start_matches("warning: ").to_string(),
        ForeignOwner { path, owner, db, want } => format!(
            "{} belongs to {owner}, not to the database directory's owner, so the server cannot write it; run: chown -R {want} {}",
            path.display(),
            db.display()
        ),
        Reserve { path } => format!(
            "reserve file {} is there (16 MiB, to open the database on a full disk)",
            path.display()
        ),
        ReserveMissing { path } => format!(
            "reserve file {} is missing: the disk was full; once there is room, the next open of the database makes it again",
            path.display()
        ),
        SocketLive { socket, group, mode } => format!(
            "a server answers on {} (group {group}, mode {mode:04o})",
            socket.display()
        ),
        SocketGroup { socket, group, db_group } => format!(
            "a server answers on {}, but the socket's group {group} is not the database directory's group {db_group}; run: chgrp {db_group} {}",
            socket.display(),
            socket.display()
        ),
        SocketAbsent { socket } => format!(
            "no server: {} does not exist (for an office's several desks start it: systemctl start xfdesk)",
            socket.display()
        ),
        SocketStale { socket } => format!(
            "nobody answers on {}, left by a server that stopped; start it: systemctl start xfdesk",
            socket.display()
        ),
        NotASocket { socket } => format!(
            "{} is not a socket, so no server can use it; move it away or give another --socket",
            socket.display()
        ),
        SocketUnknown { detail } => format!("cannot look at the socket: {detail}"),
        Holidays { year } => format!("the {year} holiday list is loaded"),
        NoHolidays { year } => Lang::En.no_holiday_list(*year),
        HolidaysUnread { detail } => format!("cannot read the holiday list: {detail}"),
        Space { free, total } => format!(
            "{} free on the database's disk ({}%)",
            gib(*free),
            percent(*free, *total)
        ),
        SpaceLow { free, total } => format!(
            "only {} free on the database's disk ({}%); below 1 GiB or 10%, make room or a larger disk",
            gib(*free),
            percent(*free, *total)
        ),
        SpaceUnknown { detail } => format!("cannot tell the free space: {detail}"),
        Backup { file, hours } => format!("newest backup {}, {hours} hours old", file.display()),
        BackupOld { file, days } => format!(
            "newest backup {} is {days} days old; look at the backup timer: systemctl status xfdesk-backup.timer, journalctl -u xfdesk-backup",
            file.display()
        ),
        NoBackup { dir } => format!(
            "no backup (*.jsonl) in {}; turn them on: systemctl enable --now xfdesk-backup.timer",
            dir.display()
        ),
        BackupsUnread { dir, detail } => {
            format!("cannot read the backup directory {}: {detail}", dir.display())
        }
    }
}
