use serde::{Deserialize, Serialize};

/// Rows shown per page in the management tables.
pub const PER_PAGE: u32 = 25;

/// One page of a longer list, with what the pager needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(self.per_page.max(1) as u64) as u32).max(1)
    }

    pub fn has_previous(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }
}

/// A requested page number, clamped to 1.. and turned into LIMIT/OFFSET.
pub fn page_bounds(page: Option<u32>) -> (u32, i64, i64) {
    let page = page.unwrap_or(1).clamp(1, 1_000_000);
    (page, PER_PAGE as i64, (page as i64 - 1) * PER_PAGE as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_counts() {
        let page = Page::<()> {
            items: vec![],
            total: 51,
            page: 2,
            per_page: 25,
        };
        assert_eq!(page.pages(), 3);
        assert!(page.has_previous() && page.has_next());
        let empty = Page::<()> {
            items: vec![],
            total: 0,
            page: 1,
            per_page: 25,
        };
        assert_eq!(empty.pages(), 1);
        assert!(!empty.has_next());
        assert_eq!(page_bounds(Some(0)), (1, 25, 0));
        assert_eq!(page_bounds(Some(3)), (3, 25, 50));
    }
}
