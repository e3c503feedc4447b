//! Sparse feature vectors: one row, and rows stored back to back.

/// One sparse, L2-normalised feature vector: sorted column indices and their weights.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseRow {
    /// Column indices, strictly increasing.
    pub indices: Vec<u32>,
    /// Weights, one per index.
    pub values: Vec<f32>,
}

impl SparseRow {
    /// True when the sentence had no known term.
    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    /// The row's Euclidean norm (1 for a non-empty row, 0 for an empty one).
    pub fn norm(&self) -> f64 {
        self.values
            .iter()
            .map(|&v| f64::from(v) * f64::from(v))
            .sum::<f64>()
            .sqrt()
    }
}

/// Rows of sparse vectors stored back to back (compressed sparse rows).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseMatrix {
    /// `indptr[i]..indptr[i + 1]` are row `i`'s entries.
    pub indptr: Vec<usize>,
    /// Column indices.
    pub indices: Vec<u32>,
    /// Weights.
    pub values: Vec<f32>,
    /// Number of columns (the vocabulary size).
    pub ncols: usize,
}

impl SparseMatrix {
    /// An empty matrix with `ncols` columns.
    pub fn new(ncols: usize) -> Self {
        SparseMatrix {
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
            ncols,
        }
    }

    /// Appends a row.
    pub fn push(&mut self, row: &SparseRow) {
        self.indices.extend_from_slice(&row.indices);
        self.values.extend_from_slice(&row.values);
        self.indptr.push(self.indices.len());
    }

    /// Number of rows.
    pub fn nrows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Row `i` as index and value slices.
    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let range = self.indptr[i]..self.indptr[i + 1];
        (&self.indices[range.clone()], &self.values[range])
    }

    /// The same data as a dense `nrows x ncols` array (for tests and the linfa reference only:
    /// it needs `nrows * ncols` floats).
    pub fn to_dense(&self) -> ndarray::Array2<f64> {
        let mut dense = ndarray::Array2::zeros((self.nrows(), self.ncols));
        for i in 0..self.nrows() {
            let (idx, val) = self.row(i);
            for (&j, &v) in idx.iter().zip(val) {
                dense[[i, j as usize]] = f64::from(v);
            }
        }
        dense
    }
}

impl linfa::dataset::Records for SparseMatrix {
    type Elem = f32;

    fn nsamples(&self) -> usize {
        self.nrows()
    }

    fn nfeatures(&self) -> usize {
        self.ncols
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linfa::dataset::Records;

    #[test]
    fn rows_and_matrices_know_their_shape_and_norm() {
        let empty = SparseRow::default();
        assert!(empty.is_empty());
        assert_eq!(empty.norm(), 0.0);
        let row = SparseRow {
            indices: vec![1, 4],
            values: vec![3.0, 4.0],
        };
        assert!(!row.is_empty());
        assert_eq!(row.norm(), 5.0);
        let mut m = SparseMatrix::new(6);
        assert_eq!((m.nrows(), m.nsamples(), m.nfeatures()), (0, 0, 6));
        m.push(&row);
        m.push(&empty);
        m.push(&row);
        assert_eq!((m.nrows(), m.nsamples(), m.nfeatures()), (3, 3, 6));
        assert_eq!(m.row(1), (&[][..], &[][..]));
        assert_eq!(m.row(2), (&[1u32, 4][..], &[3.0f32, 4.0][..]));
        let dense = m.to_dense();
        assert_eq!(dense.dim(), (3, 6));
        assert_eq!(
            (dense[[0, 1]], dense[[2, 4]], dense[[1, 4]]),
            (3.0, 4.0, 0.0)
        );
    }
}
